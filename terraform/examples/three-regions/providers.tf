# One aliased provider per region, configured here in the root only; each module call says which
# one it uses (providers = { aws = aws.<alias> }). Modules never configure providers themselves.

provider "aws" {
  alias  = "use1"
  region = "us-east-1"

  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "euw1"
  region = "eu-west-1"

  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "apse1"
  region = "ap-southeast-1"

  default_tags {
    tags = local.default_tags
  }
}
