variable "name" {
  type        = string
  description = "Required and passed."
}

variable "vpc_id" {
  type        = string
  description = "Required and forgotten."
}

variable "size" {
  type        = number
  description = "Optional."
  default     = 1
}

variable "kms_key_arn" {
  type        = string
  description = "Optional: a null default still makes a variable optional."
  default     = null
}
