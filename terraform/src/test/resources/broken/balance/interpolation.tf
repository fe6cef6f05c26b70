locals {
  name = "${var.x}-${lower(var.y}"
}
