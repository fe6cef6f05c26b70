terraform {
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # State belongs in a remote, locked backend; configure it at init time, e.g.
  #   terraform init -backend-config="bucket=my-tf-state" -backend-config="key=leasehold/prod.tfstate" \
  #                  -backend-config="region=us-east-1" -backend-config="use_lockfile=true"
  # after uncommenting:
  # backend "s3" {}
}
