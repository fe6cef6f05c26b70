variable "name" {
  type        = string
  description = "The only input."
}
