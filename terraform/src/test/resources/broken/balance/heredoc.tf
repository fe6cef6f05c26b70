locals {
  script = <<-EOT
    echo hi
  EOF
}
