package io.leasehold.model.rules.match;

import io.leasehold.model.rules.RequestView;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A {@link RequestView} over plain values, for tests, the simulator and tools. */
public final class MapRequestView implements RequestView {
  private final String method;
  private final String path;
  private final Map<String, String> headers;
  private final String clientAddress;

  public MapRequestView(String method, String path, Map<String, String> headers, String clientAddress) {
    this.method = method;
    this.path = path;
    this.headers = new HashMap<>();
    headers.forEach((name, value) -> this.headers.put(name.toLowerCase(Locale.ROOT), value));
    this.clientAddress = clientAddress;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  @Override
  public String clientAddress() {
    return clientAddress;
  }

  @Override
  public String toString() {
    return method + " " + path + " " + headers + " from " + clientAddress;
  }
}
