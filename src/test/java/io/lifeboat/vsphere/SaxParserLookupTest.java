package io.lifeboat.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.SAXParserFactory;
import org.dom4j.Document;
import org.dom4j.io.SAXReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaxParserLookupTest {

    private String before;

    @BeforeEach
    void clearProperty() {
        before = System.getProperty(SaxParserLookup.PROPERTY);
        System.clearProperty(SaxParserLookup.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(SaxParserLookup.PROPERTY);
        } else {
            System.setProperty(SaxParserLookup.PROPERTY, before);
        }
    }

    @Test
    void names_the_jdk_parser_when_no_jar_declares_one_and_yavijava_s_dom4j_still_parses() throws Exception {
        assertThat(SaxParserLookup.skipProviderScan(getClass().getClassLoader())).isTrue();

        assertThat(System.getProperty(SaxParserLookup.PROPERTY)).isEqualTo(SaxParserLookup.JDK_PARSER);
        assertThat(SAXParserFactory.newInstance().getClass().getName()).isEqualTo(SaxParserLookup.JDK_PARSER);
        Document reply = new SAXReader().read(new StringReader("<soapenv:Envelope xmlns:soapenv=\"urn:x\"><returnval>vm-41</returnval></soapenv:Envelope>"));
        assertThat(reply.getRootElement().elementText("returnval")).isEqualTo("vm-41");
    }

    @Test
    void leaves_the_lookup_alone_when_a_jar_declares_a_parser(@TempDir Path jar) throws Exception {
        Path services = Files.createDirectories(jar.resolve("META-INF/services"));
        Files.writeString(services.resolve(SaxParserLookup.PROPERTY), "org.example.OtherSaxParserFactory\n");
        try (URLClassLoader withParser = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(SaxParserLookup.skipProviderScan(withParser)).isFalse();
        }
        assertThat(System.getProperty(SaxParserLookup.PROPERTY)).isNull();
    }

    @Test
    void leaves_a_configured_parser_alone() {
        System.setProperty(SaxParserLookup.PROPERTY, "org.example.ChosenByTheOperator");

        assertThat(SaxParserLookup.skipProviderScan(getClass().getClassLoader())).isFalse();
        assertThat(System.getProperty(SaxParserLookup.PROPERTY)).isEqualTo("org.example.ChosenByTheOperator");
    }
}
