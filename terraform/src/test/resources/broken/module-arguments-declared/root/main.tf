module "child" {
  source = "../modules/child"

  name = "ok"
  nmae = "typo"
}

module "vanished" {
  source = "../modules/nowhere"
}

module "from_registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  anything = "not checked: the registry module is not in this tree"
}
