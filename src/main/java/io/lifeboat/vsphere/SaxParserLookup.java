package io.lifeboat.vsphere;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * yavijava parses every SOAP response with a new dom4j {@code SAXReader}, which asks JAXP for a new
 * {@code SAXParserFactory}. Without the system property below, JAXP looks for a provider in every jar on the class path
 * (a {@code ServiceLoader} scan of 300+ jars) on each call and then falls back to the JDK's own parser: in a 50-VM
 * failover that scan was 14 % of the portal's CPU samples outside start-up. Naming the JDK's parser, which the scan
 * finds anyway, skips it. Left alone when the property is set or a jar declares a parser of its own.
 */
final class SaxParserLookup {

    static final String PROPERTY = "javax.xml.parsers.SAXParserFactory";
    static final String JDK_PARSER = "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl";
    private static final String SERVICE_FILE = "META-INF/services/" + PROPERTY;

    private SaxParserLookup() {
    }

    /** @return whether the property now names the JDK's parser because of this call */
    static boolean skipProviderScan(ClassLoader classes) {
        if (System.getProperty(PROPERTY) != null || declaresParser(classes)) {
            return false;
        }
        System.setProperty(PROPERTY, JDK_PARSER);
        return true;
    }

    private static boolean declaresParser(ClassLoader classes) {
        try {
            return classes.getResources(SERVICE_FILE).hasMoreElements();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + SERVICE_FILE, e);
        }
    }
}
