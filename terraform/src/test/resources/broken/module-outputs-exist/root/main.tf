module "child" {
  source = "../modules/child"
}

locals {
  good      = module.child.url
  typo      = module.child.uri
  in_string = "see ${module.child.endpoint}"
  no_call   = module.other.url
}
