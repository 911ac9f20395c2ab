package io.datastreamscaling.local.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The YAML files under {@code k8s/}, read as trees: one {@link Document} per YAML document. */
final class ManifestFiles {
    static final YAMLMapper YAML = new YAMLMapper();
    private static List<Document> all;

    /** One YAML document of one file; {@code index} counts documents within the file from 0. */
    record Document(Path file, int index, JsonNode tree) {
        String kind() {
            return tree.path("kind").asText();
        }

        String apiVersion() {
            return tree.path("apiVersion").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        boolean isKustomization() {
            return apiVersion().startsWith("kustomize.config.k8s.io/");
        }

        @Override
        public String toString() {
            return (file.isAbsolute() ? root().relativize(file) : file) + (index > 0 ? " #" + index : "") + " (" + kind() + " " + name() + ")";
        }
    }

    private ManifestFiles() {
    }

    /** The repository root: the nearest directory above the working directory that holds {@code k8s/base}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("k8s/base/kustomization.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no k8s/base/kustomization.yaml above " + Path.of("").toAbsolutePath());
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    /** Every document of every {@code .yaml} file under {@code k8s/}, in path order (read once per test JVM). */
    static synchronized List<Document> all() {
        if (all == null) {
            all = List.copyOf(readAll());
        }
        return all;
    }

    private static List<Document> readAll() {
        try (Stream<Path> files = Files.walk(k8s())) {
            List<Document> result = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                result.addAll(read(file, Files.readString(file)));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one YAML text (a file, or the output of {@code kubectl kustomize}); empty documents skipped. */
    static List<Document> read(Path file, String yaml) throws IOException {
        List<Document> result = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode tree = docs.next();
                if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
                    result.add(new Document(file, result.size(), tree));
                }
            }
        }
        return result;
    }

    /** The documents (non-kustomization) of the given kind and name, under the given directory of k8s/. */
    static List<Document> find(String under, String kind, String name) {
        Path dir = k8s().resolve(under);
        return all().stream()
                .filter(d -> d.file().startsWith(dir) && !d.isKustomization())
                .filter(d -> d.kind().equals(kind) && d.name().equals(name))
                .toList();
    }

    /** The one complete document of that kind and name under the directory; fails if there is none or several. */
    static Document one(String under, String kind, String name) {
        List<Document> found = find(under, kind, name);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " " + name + " under k8s/" + under + ", found " + found);
        }
        return found.get(0);
    }

    static Optional<Document> optional(String under, String kind, String name) {
        List<Document> found = find(under, kind, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
}
