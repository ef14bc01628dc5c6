package dev.bronze.platform.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * XML from outside (ovf-env.xml on a disc anyone can attach, wireserver answers): parsed with
 * DOCTYPE declarations refused outright, so no external entity, no entity expansion bomb and no
 * DTD fetch can happen. Lookups go by local name, because the same documents arrive with and
 * without namespace prefixes.
 */
public final class SafeXml {

    /** ovf-env.xml and goal states are a few KiB; anything near this is not one of them. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private SafeXml() {
    }

    public static Document parse(byte[] xml, String what) {
        if (xml.length > MAX_BYTES) {
            throw new XmlException(what + " is larger than " + MAX_BYTES + " bytes");
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("DOCTYPE")) {
                throw new XmlException(what + " declares a DOCTYPE, which is refused (DTDs and entities are disabled)");
            }
            throw new XmlException(what + " is not well-formed XML: " + oneLine(m));
        } catch (IOException | ParserConfigurationException | RuntimeException e) {
            throw new XmlException(what + " cannot be parsed: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** Every element below {@code from} (inclusive of descendants only) whose local name is {@code name}. */
    public static List<Element> all(Node from, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nl = from instanceof Document d ? d.getElementsByTagNameNS("*", name)
                : ((Element) from).getElementsByTagNameNS("*", name);
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    /** The first element at the end of a path of local names ({@code "Container", "ContainerId"}). */
    public static Optional<Element> first(Node from, String... path) {
        Node cur = from;
        for (String name : path) {
            List<Element> found = all(cur, name);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            cur = found.get(0);
        }
        return Optional.of((Element) cur);
    }

    /** Trimmed text of the element at {@code path}, empty when absent or blank. */
    public static Optional<String> text(Node from, String... path) {
        return first(from, path).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
    }

    /** An attribute by local name regardless of prefix ({@code oe:key} or {@code key}). */
    public static Optional<String> attr(Element e, String localName) {
        var attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            String ln = a.getLocalName() != null ? a.getLocalName() : a.getNodeName();
            if (ln.equals(localName)) {
                return Optional.of(a.getNodeValue());
            }
        }
        return Optional.empty();
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }
}
