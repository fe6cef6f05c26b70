package io.leasehold.load;

import io.leasehold.sim.traffic.KeySampler;
import io.leasehold.sim.traffic.UniformKeySampler;
import io.leasehold.sim.traffic.ZipfKeySampler;
import java.util.Locale;

/**
 * Which key each request of a stream carries: {@code constant} (always key 0), {@code uniform:N}
 * or {@code zipf:N:S} (key k with probability ∝ 1/(k+1)^S, so key 0 is the hottest). Sampled with
 * the simulator's samplers, so live and simulated runs draw keys the same way.
 */
public record KeyDistribution(Kind kind, long keyCount, double exponent) {
  public enum Kind { CONSTANT, UNIFORM, ZIPF }

  public static final KeyDistribution CONSTANT = new KeyDistribution(Kind.CONSTANT, 1, 0);

  public KeyDistribution {
    if (keyCount < 1) {
      throw new IllegalArgumentException("keys: " + keyCount + ": the key count must be ≥ 1");
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("keys: exponent " + exponent + ": must be a finite number ≥ 0");
    }
  }

  /** Parses {@code constant}, {@code uniform:N} or {@code zipf:N:S}. */
  public static KeyDistribution parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":");
    try {
      return switch (parts[0]) {
        case "constant" -> {
          if (parts.length != 1) {
            throw new IllegalArgumentException("constant takes no arguments");
          }
          yield CONSTANT;
        }
        case "uniform" -> {
          if (parts.length != 2) {
            throw new IllegalArgumentException("expected uniform:N");
          }
          yield new KeyDistribution(Kind.UNIFORM, Long.parseLong(parts[1]), 0);
        }
        case "zipf" -> {
          if (parts.length != 3) {
            throw new IllegalArgumentException("expected zipf:N:S");
          }
          yield new KeyDistribution(Kind.ZIPF, Long.parseLong(parts[1]), Double.parseDouble(parts[2]));
        }
        default -> throw new IllegalArgumentException("expected constant, uniform:N or zipf:N:S");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("keys: \"" + text + "\": " + e.getMessage() + " is not a number");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith("keys:") ? e.getMessage()
          : "keys: \"" + text + "\": " + e.getMessage(), e);
    }
  }

  public KeySampler sampler() {
    return switch (kind) {
      case CONSTANT -> new UniformKeySampler(1);
      case UNIFORM -> new UniformKeySampler(keyCount);
      case ZIPF -> new ZipfKeySampler(keyCount, exponent);
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CONSTANT -> "constant";
      case UNIFORM -> "uniform:" + keyCount;
      case ZIPF -> "zipf:" + keyCount + ":" + exponent;
    };
  }
}
