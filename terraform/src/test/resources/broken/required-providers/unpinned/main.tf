resource "aws_s3_bucket" "logs" {
  bucket = "logs-${random_id.suffix.hex}"
}

resource "random_id" "suffix" {
  byte_length = 4
}
