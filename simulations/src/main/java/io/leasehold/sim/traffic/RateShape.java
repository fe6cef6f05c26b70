package io.leasehold.sim.traffic;

/**
 * Offered load of one traffic stream as a function of virtual time: requests per second at
 * {@code seconds} after the start of the run. Open loop: the rate never reacts to decisions.
 */
public sealed interface RateShape
    permits RateShape.Constant,
        RateShape.Ramp,
        RateShape.Step,
        RateShape.Sine,
        RateShape.FlashCrowd {

  double rateAt(double seconds);

  /** Times (seconds) at which the rate changes abruptly or starts to change: demand shifts. */
  default double[] shiftTimes() {
    return new double[0];
  }

  record Constant(double rps) implements RateShape {
    @Override
    public double rateAt(double seconds) {
      return rps;
    }
  }

  /** {@code from} until {@code start}, linearly to {@code to} at {@code end}, then {@code to}. */
  record Ramp(double from, double to, double start, double end) implements RateShape {
    @Override
    public double rateAt(double seconds) {
      if (seconds <= start) {
        return from;
      }
      if (seconds >= end) {
        return to;
      }
      return from + (to - from) * (seconds - start) / (end - start);
    }

    @Override
    public double[] shiftTimes() {
      return new double[] {start};
    }
  }

  /** {@code rates[0]} until {@code times[0]}, then {@code rates[i+1]} from {@code times[i]}. */
  record Step(double[] times, double[] rates) implements RateShape {
    public Step {
      if (rates.length != times.length + 1) {
        throw new IllegalArgumentException("a step shape needs one more rate than change times");
      }
    }

    @Override
    public double rateAt(double seconds) {
      int i = 0;
      while (i < times.length && seconds >= times[i]) {
        i++;
      }
      return rates[i];
    }

    @Override
    public double[] shiftTimes() {
      return times.clone();
    }
  }

  /** Diurnal-style wave: {@code mean + amplitude·sin(2π(t − phase)/period)}, never below zero. */
  record Sine(double mean, double amplitude, double period, double phase) implements RateShape {
    @Override
    public double rateAt(double seconds) {
      return Math.max(0.0, mean + amplitude * Math.sin(2 * Math.PI * (seconds - phase) / period));
    }
  }

  /**
   * {@code base}, rising linearly to {@code peak} over {@code rise} seconds from {@code start},
   * holding for {@code hold} seconds, then decaying linearly back over {@code decay} seconds.
   */
  record FlashCrowd(double base, double peak, double start, double rise, double hold, double decay)
      implements RateShape {
    @Override
    public double rateAt(double seconds) {
      double t = seconds - start;
      if (t < 0) {
        return base;
      }
      if (t < rise) {
        return base + (peak - base) * t / rise;
      }
      t -= rise;
      if (t < hold) {
        return peak;
      }
      t -= hold;
      if (t < decay) {
        return peak + (base - peak) * t / decay;
      }
      return base;
    }

    @Override
    public double[] shiftTimes() {
      return new double[] {start, start + rise + hold};
    }
  }
}
