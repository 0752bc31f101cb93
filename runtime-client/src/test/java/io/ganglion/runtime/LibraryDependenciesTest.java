package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The library's users inherit slf4j-api only; ctl's libraries stay optional. Unix sockets are the
 * JDK's own (issue 18: jnr-unixsocket's FFI, its native library and generated classes, were about
 * 380 of the agent's classes for this one channel).
 */
class LibraryDependenciesTest {

    private record Dependency(String artifactId, String scope, boolean optional) {
    }

    private static List<Dependency> dependencies() throws Exception {
        Path pom = Path.of("pom.xml");
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        Element block = (Element) project.getElementsByTagName("dependencies").item(0);
        NodeList nodes = block.getElementsByTagName("dependency");
        List<Dependency> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element d = (Element) nodes.item(i);
            result.add(new Dependency(text(d, "artifactId"), text(d, "scope"), "true".equals(text(d, "optional"))));
        }
        return result;
    }

    private static String text(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent().strip();
    }

    @Test
    void onlySlf4jReachesTheLibrarysUsers() throws Exception {
        List<Dependency> inherited = dependencies().stream()
                .filter(d -> !d.optional() && !d.scope().equals("test") && !d.scope().equals("provided"))
                .toList();
        assertThat(inherited).extracting(Dependency::artifactId).containsExactly("slf4j-api");
    }

    @Test
    void cliLibrariesAreOptional() throws Exception {
        assertThat(dependencies()).filteredOn(d -> List.of("picocli", "jline", "logback-classic").contains(d.artifactId()))
                .hasSize(3)
                .allMatch(Dependency::optional);
    }

    @Test
    void libraryCodeDoesNotUseCliLibraries() throws IOException {
        Path library = Path.of("src/main/java/io/ganglion/runtime");
        try (Stream<Path> files = Files.list(library)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            for (Path source : sources) {
                assertThat(Files.readString(source)).as(source.toString())
                        .doesNotContain("import picocli", "import org.jline", "import ch.qos.logback");
            }
        }
    }
}
