# etcd has no managed offering on AWS: members are plain EC2 instances. Each member's identity is a
# stable DNS name plus an EBS data volume that outlives the instance, so replacing an instance
# (new AMI, hardware failure) brings the same member back with its data instead of a new member.

data "aws_subnet" "etcd" {
  count = var.etcd_member_count
  id    = var.private_subnet_ids[count.index % length(var.private_subnet_ids)]
}

data "aws_ssm_parameter" "al2023_ami" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${var.etcd_architecture}"
}

resource "aws_ebs_volume" "etcd_data" {
  count = var.etcd_member_count

  availability_zone = data.aws_subnet.etcd[count.index].availability_zone
  type              = "gp3"
  size              = var.etcd_data_volume_size_gib
  iops              = var.etcd_data_volume_iops
  throughput        = 250
  encrypted         = true
  kms_key_id        = var.kms_key_arn

  tags = merge(local.common_tags, { Name = "${local.prefix}-${local.etcd_member_names[count.index]}-data" })
}

resource "aws_instance" "etcd" {
  count = var.etcd_member_count

  ami                    = coalesce(var.etcd_ami_id, data.aws_ssm_parameter.al2023_ami.insecure_value)
  instance_type          = var.etcd_instance_type
  subnet_id              = data.aws_subnet.etcd[count.index].id
  vpc_security_group_ids = [aws_security_group.etcd.id]
  iam_instance_profile   = aws_iam_instance_profile.etcd.name
  ebs_optimized          = true
  monitoring             = true

  user_data_replace_on_change = false
  user_data = templatefile("${path.module}/templates/etcd-user-data.sh.tftpl", {
    member_name        = local.etcd_member_names[count.index]
    member_fqdn        = local.etcd_member_fqdns[count.index]
    initial_cluster    = local.etcd_initial_cluster
    cluster_token      = "${var.name}-etcd"
    etcd_version       = var.etcd_version
    download_base_url  = var.etcd_download_base_url
    data_volume_id     = aws_ebs_volume.etcd_data[count.index].id
    heartbeat_interval = var.etcd_heartbeat_interval_ms
    election_timeout   = var.etcd_election_timeout_ms
  })

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = 20
    encrypted   = true
    kms_key_id  = var.kms_key_arn
  }

  tags = merge(local.common_tags, { Name = "${local.prefix}-${local.etcd_member_names[count.index]}" })

  lifecycle {
    # A new AMI or a template edit must never roll the quorum by surprise; replace members one at a
    # time on purpose (terraform apply -replace='module.global.aws_instance.etcd[0]').
    ignore_changes = [ami, user_data]

    precondition {
      condition     = var.etcd_election_timeout_ms >= 5 * var.etcd_heartbeat_interval_ms
      error_message = "The etcd_election_timeout_ms (${var.etcd_election_timeout_ms}) must be at least five times etcd_heartbeat_interval_ms (${var.etcd_heartbeat_interval_ms})."
    }
  }
}

resource "aws_volume_attachment" "etcd_data" {
  count = var.etcd_member_count

  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.etcd_data[count.index].id
  instance_id = aws_instance.etcd[count.index].id
}

resource "aws_route53_zone" "etcd" {
  name    = local.etcd_zone_name
  comment = "Stable names of the Leasehold etcd members"

  vpc {
    vpc_id = var.vpc_id
  }

  tags = local.common_tags
}

resource "aws_route53_record" "etcd" {
  count = var.etcd_member_count

  zone_id = aws_route53_zone.etcd.zone_id
  name    = local.etcd_member_fqdns[count.index]
  type    = "A"
  ttl     = 30
  records = [aws_instance.etcd[count.index].private_ip]
}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

# Operators reach members through SSM Session Manager; no SSH key, no open port 22.
resource "aws_iam_role" "etcd" {
  name_prefix        = "${var.name}-etcd-"
  description        = "Leasehold etcd members (SSM Session Manager access only)"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
  tags               = local.common_tags
}

resource "aws_iam_role_policy_attachment" "etcd_ssm" {
  role       = aws_iam_role.etcd.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "etcd" {
  name_prefix = "${var.name}-etcd-"
  role        = aws_iam_role.etcd.name
  tags        = local.common_tags
}
