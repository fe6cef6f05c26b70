resource "aws_ecs_cluster" "this" {
  name = local.prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.common_tags
}

locals {
  aggregator_container = {
    name                   = "aggregator"
    image                  = var.leasehold_image
    essential              = true
    entryPoint             = ["leasehold"]
    command                = ["aggregator"]
    readonlyRootFilesystem = true
    stopTimeout            = 30

    portMappings = [{
      name          = "sync"
      containerPort = var.aggregator_port
      protocol      = "tcp"
    }]

    environment = concat(
      [
        { name = "LEASEHOLD_REGION", value = var.region },
        { name = "LEASEHOLD_REGIONS", value = join(",", var.deployment_regions) },
        { name = "LEASEHOLD_REDIS_URL", value = local.redis_url },
        { name = "LEASEHOLD_COORDINATOR_URL", value = var.coordinator_url },
        # Each replica serves 1/N of the region's share while Redis is down: N = the most the
        # autoscaler may run, so the region stays within its share at any count.
        { name = "LEASEHOLD_EMERGENCY_REPLICAS", value = tostring(var.aggregator_max_count) },
      ],
      [for k, v in var.aggregator_extra_environment : { name = k, value = v }],
    )

    secrets = [
      { name = "LEASEHOLD_REDIS_AUTH_TOKEN", valueFrom = aws_secretsmanager_secret.redis_auth_token.arn },
      { name = "LEASEHOLD_SYNC_TOKEN", valueFrom = aws_secretsmanager_secret.sync_token.arn },
    ]

    healthCheck = {
      command     = ["CMD-SHELL", "${var.http_probe_command} http://127.0.0.1:${var.aggregator_port}/healthz || exit 1"]
      interval    = 10
      timeout     = 3
      retries     = 3
      startPeriod = 30
    }

    # The JVM writes temp files; with a read-only root filesystem it needs one writable mount.
    mountPoints = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]

    ulimits = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.aggregator.name
        "awslogs-region"        = var.region
        "awslogs-stream-prefix" = "aggregator"
      }
    }
  }
}

resource "aws_ecs_task_definition" "aggregator" {
  family                   = "${local.prefix}-aggregator"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.aggregator_cpu
  memory                   = var.aggregator_memory
  execution_role_arn       = aws_iam_role.aggregator_execution.arn
  task_role_arn            = aws_iam_role.aggregator_task.arn
  container_definitions    = jsonencode([local.aggregator_container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.aggregator_cpu_architecture
  }

  volume {
    name = "tmp"
  }

  lifecycle {
    precondition {
      condition     = contains(var.deployment_regions, var.region)
      error_message = "The deployment_regions (${join(", ", var.deployment_regions)}) must include this module's region (${var.region})."
    }
  }

  tags = local.common_tags
}

resource "aws_ecs_service" "aggregator" {
  name                               = "aggregator"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.aggregator.arn
  launch_type                        = "FARGATE"
  desired_count                      = var.aggregator_min_count
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60
  propagate_tags                     = "SERVICE"
  enable_ecs_managed_tags            = true

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.aggregator.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.aggregator.arn
    container_name   = "aggregator"
    container_port   = var.aggregator_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    # The autoscaler owns the running count after creation.
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.aggregator]
  tags       = local.common_tags
}

# Edges hold long-lived keep-alive connections to whichever aggregator they reached; a layer-4 NLB
# keeps them sticky per connection and adds no request latency.
resource "aws_lb" "aggregator" {
  name_prefix                      = "lhagg-"
  internal                         = true
  load_balancer_type               = "network"
  subnets                          = var.private_subnet_ids
  security_groups                  = [aws_security_group.aggregator_lb.id]
  enable_cross_zone_load_balancing = true
  tags                             = local.common_tags
}

resource "aws_lb_target_group" "aggregator" {
  name_prefix          = "lhagg-"
  port                 = var.aggregator_port
  protocol             = "TCP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    protocol            = "HTTP"
    path                = "/readyz"
    port                = "traffic-port"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  lifecycle {
    create_before_destroy = true
  }

  tags = local.common_tags
}

resource "aws_lb_listener" "aggregator" {
  load_balancer_arn = aws_lb.aggregator.arn
  port              = var.aggregator_port
  protocol          = var.aggregator_certificate_arn == null ? "TCP" : "TLS"
  certificate_arn   = var.aggregator_certificate_arn
  ssl_policy        = var.aggregator_certificate_arn == null ? null : "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.aggregator.arn
  }

  lifecycle {
    precondition {
      condition     = var.aggregator_certificate_arn == null || var.private_zone_id != null
      error_message = "A TLS listener (aggregator_certificate_arn) needs private_zone_id and aggregator_dns_name: edges must reach the aggregators under the certificate's name, not the NLB's."
    }
  }

  tags = local.common_tags
}

resource "aws_route53_record" "aggregator" {
  count = var.private_zone_id == null ? 0 : 1

  zone_id = var.private_zone_id
  name    = var.aggregator_dns_name
  type    = "A"

  alias {
    name                   = aws_lb.aggregator.dns_name
    zone_id                = aws_lb.aggregator.zone_id
    evaluate_target_health = true
  }

  lifecycle {
    precondition {
      condition     = var.aggregator_dns_name != null
      error_message = "Set aggregator_dns_name when private_zone_id is set."
    }
  }
}

resource "aws_appautoscaling_target" "aggregator" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.aggregator.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.aggregator_min_count
  max_capacity       = var.aggregator_max_count

  lifecycle {
    precondition {
      condition     = var.aggregator_min_count <= var.aggregator_max_count
      error_message = "The aggregator_min_count (${var.aggregator_min_count}) must not exceed aggregator_max_count (${var.aggregator_max_count})."
    }
  }

  tags = local.common_tags
}

resource "aws_appautoscaling_policy" "aggregator_cpu" {
  name               = "${local.prefix}-aggregator-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.aggregator.service_namespace
  resource_id        = aws_appautoscaling_target.aggregator.resource_id
  scalable_dimension = aws_appautoscaling_target.aggregator.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.aggregator_target_cpu_percent
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
