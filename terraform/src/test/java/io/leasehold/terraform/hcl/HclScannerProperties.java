package io.leasehold.terraform.hcl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated HCL-like text, built from an op list: opening and closing brackets mixed with strings,
 * comments and heredocs full of decoy brackets. Balanced text never fails; removing any one real
 * bracket always does.
 */
class HclScannerProperties {

    private static final String[] DECOYS = {
        "\"a } ] ) {\"", "# ) ] }\n", "// { [ (\n", "/* } */", "<<EOT\n} ] )\nEOT\n", "\"${f(\"}\")}\"", "x = 1\n",
    };

    /** Text plus the offsets of its structural brackets. */
    record Generated(String text, List<Integer> bracketOffsets) {}

    @Property(tries = 300)
    void balancedTextHasNoError(@ForAll("balanced") Generated generated) {
        assertThat(HclScanner.scan(generated.text()).error()).isEmpty();
    }

    @Property(tries = 300)
    void removingAnyRealBracketIsAnError(@ForAll("balanced") Generated generated, @ForAll("indexes") int pick) {
        List<Integer> offsets = generated.bracketOffsets();
        int offset = offsets.get(Math.floorMod(pick, offsets.size()));
        String broken = generated.text().substring(0, offset) + generated.text().substring(offset + 1);

        assertThat(HclScanner.scan(broken).error()).as("without the bracket at %d:%n%s", offset, broken).isPresent();
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<Generated> balanced() {
        return Arbitraries.integers().between(0, 9).list().ofMinSize(1).ofMaxSize(40).map(HclScannerProperties::build);
    }

    private static Generated build(List<Integer> ops) {
        StringBuilder text = new StringBuilder();
        List<Integer> offsets = new ArrayList<>();
        Deque<Character> open = new ArrayDeque<>();
        for (int op : ops) {
            switch (op) {
                case 0, 1, 2 -> {
                    char opener = "{[(".charAt(op);
                    offsets.add(text.length());
                    text.append(opener);
                    open.push(opener);
                }
                case 3, 4 -> {
                    if (!open.isEmpty()) {
                        close(text, offsets, open.pop());
                    }
                }
                default -> text.append(' ').append(DECOYS[op - 5 + (text.length() % 3)]).append(' ');
            }
        }
        if (open.isEmpty()) {
            offsets.add(text.length());
            text.append('{');
            open.push('{');
        }
        while (!open.isEmpty()) {
            close(text, offsets, open.pop());
        }
        return new Generated(text.toString(), offsets);
    }

    private static void close(StringBuilder text, List<Integer> offsets, char opener) {
        offsets.add(text.length());
        text.append(switch (opener) {
            case '{' -> '}';
            case '[' -> ']';
            default -> ')';
        });
    }
}
