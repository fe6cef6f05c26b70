variable "name" {
  type        = string
  description = "Declared."
}
