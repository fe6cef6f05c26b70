package io.leasehold.model.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Outcome of decoding a message: the message, or every problem found in it. Decoding never
 * throws, so a request handler can turn {@link Invalid} into a 400 response without a try block.
 */
public sealed interface Decoded<T> permits Decoded.Valid, Decoded.Invalid {

  static <T> Decoded<T> valid(T value) {
    return new Valid<>(value);
  }

  static <T> Decoded<T> invalid(List<MessageProblem> problems) {
    return new Invalid<>(problems);
  }

  boolean isValid();

  /** The problems found; empty when valid. */
  List<MessageProblem> problems();

  /** The message when valid. */
  Optional<T> toOptional();

  /**
   * The message.
   *
   * @throws IllegalStateException listing the problems, when invalid (for tests and tools; request
   *     handlers should branch on {@link #isValid()} or use {@link #fold})
   */
  T orElseThrow();

  <R> R fold(Function<? super T, ? extends R> onValid,
      Function<? super List<MessageProblem>, ? extends R> onInvalid);

  /** A decoded message. */
  record Valid<T>(T value) implements Decoded<T> {
    public Valid {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public List<MessageProblem> problems() {
      return List.of();
    }

    @Override
    public Optional<T> toOptional() {
      return Optional.of(value);
    }

    @Override
    public T orElseThrow() {
      return value;
    }

    @Override
    public <R> R fold(Function<? super T, ? extends R> onValid,
        Function<? super List<MessageProblem>, ? extends R> onInvalid) {
      return onValid.apply(value);
    }
  }

  /** A rejected message, with every problem found (at least one). */
  record Invalid<T>(List<MessageProblem> problems) implements Decoded<T> {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("problems: []: an invalid message has at least one problem");
      }
    }

    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public Optional<T> toOptional() {
      return Optional.empty();
    }

    @Override
    public T orElseThrow() {
      throw new IllegalStateException("invalid message: " + describe());
    }

    @Override
    public <R> R fold(Function<? super T, ? extends R> onValid,
        Function<? super List<MessageProblem>, ? extends R> onInvalid) {
      return onInvalid.apply(problems);
    }

    /** All problems, {@code "; "}-separated. */
    public String describe() {
      return problems.stream().map(MessageProblem::toString).collect(Collectors.joining("; "));
    }
  }
}
