output "undescribed" {
  value = "x"
}

output "empty_description" {
  description = ""
  value       = "y"
}

output "no_value" {
  description = "Describes a value it never sets."
}

output "complete" {
  description = "Described and set."
  value       = "z"
}
