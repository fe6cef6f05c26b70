variable "untyped" {
  description = "Has a description but no type."
}

variable "undescribed" {
  type = string
}

variable "blank_description" {
  type        = number
  description = "   "
}

variable "complete" {
  type        = list(string)
  description = "Typed and described."
  default     = []
}
