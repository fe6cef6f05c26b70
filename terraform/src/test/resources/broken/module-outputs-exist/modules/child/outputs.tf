output "url" {
  description = "The only output."
  value       = "http://example.internal"
}
