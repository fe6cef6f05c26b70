variable "api_token" {
  type        = string
  description = "Not marked sensitive."
}

variable "db_password" {
  type        = string
  description = "Explicitly not sensitive."
  sensitive   = false
}

variable "sync_token" {
  type        = string
  description = "Correctly marked."
  sensitive   = true
}

variable "admin_token_secret_arn" {
  type        = string
  description = "Names a secret, does not hold one."
}

output "admin_secret" {
  description = "Leaks the secret into plan output."
  value       = var.api_token
}
