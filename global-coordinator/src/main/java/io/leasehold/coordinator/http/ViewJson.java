package io.leasehold.coordinator.http;

import io.leasehold.coordinator.core.QuotaView;
import io.leasehold.coordinator.core.RegionView;
import io.leasehold.model.alloc.RateBurst;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Quota views as JSON for the admin API: rates in tokens per second, bursts in tokens. */
final class ViewJson {
  private ViewJson() {}

  static JsonArray quotas(List<QuotaView> views) {
    JsonArray array = new JsonArray();
    views.forEach(v -> array.add(quota(v)));
    return array;
  }

  static JsonObject quota(QuotaView view) {
    JsonArray regions = new JsonArray();
    for (RegionView r : view.regions()) {
      JsonObject region = new JsonObject()
          .put("region", r.region())
          .put("demand_per_second", tokens(r.demandRate()))
          .put("observed_per_second", tokens(r.smoothedRate()))
          .put("fair_share_per_second", tokens(r.targetRate()))
          .put("outstanding", amount(r.outstanding()))
          .put("acknowledged", r.acknowledged())
          .put("held_back", r.heldBack())
          .put("epoch", r.lastEpoch())
          .put("last_report_ms_ago", r.lastReportAgoMillis());
      r.lastGrant().ifPresent(g -> region.put("grant", amount(g)));
      regions.add(region);
    }
    return new JsonObject()
        .put("rule_id", view.quota().ruleId())
        .put("limit_index", view.quota().limitIndex())
        .put("key", view.quota().key())
        .put("kind", view.kind().name().toLowerCase(java.util.Locale.ROOT))
        .put("capacity", amount(view.capacity()))
        .put("outstanding", amount(view.outstanding()))
        .put("utilisation", view.utilisation())
        .put("reserving_for_failover", view.reservingForFailover())
        .put("retired", view.retired())
        .put("idle_ms", view.idleMillis())
        .put("regions", regions);
  }

  static JsonObject amount(RateBurst amount) {
    return new JsonObject().put("per_second", tokens(amount.rate())).put("burst", tokens(amount.burst()));
  }

  static double tokens(long milli) {
    return milli / (double) RateBurst.MILLI_PER_TOKEN;
  }
}
