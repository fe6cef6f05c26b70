variable "name" {
  type        = string
  description = "Mentions var.in_description, which is text, not a reference."
}

# var.in_comment is a comment, not a reference.
locals {
  good    = var.name
  typo    = "${var.nmae}-suffix"
  missing = upper(var.missing)
  script  = <<-EOT
    echo var.in_heredoc_text
    echo ${var.in_heredoc_interpolation}
  EOT
}
