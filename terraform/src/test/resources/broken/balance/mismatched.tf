locals {
  xs = [1, 2 }
}
