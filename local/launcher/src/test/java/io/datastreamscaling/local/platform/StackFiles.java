package io.datastreamscaling.local.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's stack files (Compose, Prometheus, dashboards, poms), read as plain trees. */
final class StackFiles {
    static final Path ROOT = findRoot();
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackFiles() {
    }

    /** The checkout's root: the nearest directory above the test's working directory holding docker/compose.yaml. */
    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/compose.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker/compose.yaml above " + Path.of("").toAbsolutePath());
    }

    /** A YAML file with anchors and merge keys resolved, as Compose resolves them. */
    static Map<String, Object> yaml(String relative) {
        try (InputStream in = Files.newInputStream(ROOT.resolve(relative))) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(ROOT.resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Document xml(String relative) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve(relative).toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + relative, e);
        }
    }

    /** The text of the first node {@code xpath} selects in a pom (namespace-unaware: use local-name() or plain names). */
    static String xpath(Document document, String xpath) {
        try {
            return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.STRING);
        } catch (Exception e) {
            throw new IllegalStateException(xpath, e);
        }
    }

    static NodeList nodes(Document document, String xpath) {
        try {
            return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
        } catch (Exception e) {
            throw new IllegalStateException(xpath, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    static boolean exists(String relative) {
        return Files.exists(ROOT.resolve(relative));
    }
}
