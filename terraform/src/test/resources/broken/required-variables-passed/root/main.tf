module "child" {
  source = "../modules/child"
  name   = "x"
}
