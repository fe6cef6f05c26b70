package io.leasehold.local.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out loopback ports that were free a moment ago, never the same one twice in one cluster
 * (two components picked before either binds cannot collide with each other). Another process may
 * still take a port before its server binds; starts are retried on fresh ports where it matters.
 */
public final class LoopbackPorts {
  private final Set<Integer> handedOut = new HashSet<>();

  public synchronized int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        int port = socket.getLocalPort();
        if (handedOut.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
      }
    }
    throw new IllegalStateException("no fresh free loopback port after 100 attempts");
  }
}
