# Root modules configure providers: this one is fine.
provider "aws" {
  alias  = "euw1"
  region = "eu-west-1"
}

module "child" {
  source    = "../modules/child"
  providers = { aws = aws.euw1 }
}
