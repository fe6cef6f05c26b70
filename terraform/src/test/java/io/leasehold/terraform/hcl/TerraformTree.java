package io.leasehold.terraform.hcl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Every Terraform directory below a root, loaded once and shared by all checks. */
public final class TerraformTree {

    /** Build output, tests and tool state are never configuration. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("src", "target", "node_modules");

    private final Path root;
    private final List<TerraformDirectory> directories;

    private TerraformTree(Path root, List<TerraformDirectory> directories) {
        this.root = root;
        this.directories = directories;
    }

    public static TerraformTree load(Path root) {
        Path normalized = root.toAbsolutePath().normalize();
        List<TerraformDirectory> directories = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(normalized)) {
            for (Path dir : walk.filter(Files::isDirectory).filter(d -> !skipped(normalized, d)).sorted().toList()) {
                List<Path> files = hclFiles(dir);
                if (files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".tf"))) {
                    String name = display(normalized, dir);
                    List<HclFile> loaded = files.stream()
                            .map(f -> HclFile.load(f, name.isEmpty() ? display(normalized, f) : name + "/" + f.getFileName()))
                            .toList();
                    directories.add(new TerraformDirectory(dir, name, loaded));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + normalized, e);
        }
        return new TerraformTree(normalized, List.copyOf(directories));
    }

    public Path root() {
        return root;
    }

    public List<TerraformDirectory> directories() {
        return directories;
    }

    /** The directory at {@code path} (absolute, or relative to the root), if it holds Terraform files. */
    public Optional<TerraformDirectory> directory(Path path) {
        Path wanted = root.resolve(path).normalize();
        return directories.stream().filter(d -> d.path().equals(wanted)).findFirst();
    }

    /** The directory a local module source points to, seen from {@code caller}. */
    public Optional<TerraformDirectory> resolve(TerraformDirectory caller, String source) {
        return directory(caller.path().resolve(source));
    }

    private static boolean skipped(Path root, Path dir) {
        for (Path part : root.relativize(dir)) {
            String name = part.toString();
            if (name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> hclFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".tf") || n.endsWith(".tfvars") || n.endsWith(".tfvars.example");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String display(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }
}
