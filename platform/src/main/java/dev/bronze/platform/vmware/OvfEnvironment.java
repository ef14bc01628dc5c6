package dev.bronze.platform.vmware;

import dev.bronze.platform.xml.SafeXml;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An OVF environment document (DSP0027): the vApp properties that vCenter, vapprun or an OVF ISO
 * transport hand to the guest. Only {@code Property} elements of the OVF environment namespace,
 * directly in a {@code PropertySection} of that namespace, with {@code oe:key}/{@code oe:value}
 * attributes count — a foreign-namespace look-alike is ignored, as Ignition does.
 */
public record OvfEnvironment(Map<String, String> properties) {

    public static final String NS = "http://schemas.dmtf.org/ovf/environment/1";

    public OvfEnvironment {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static OvfEnvironment parse(byte[] xml) {
        Document d = SafeXml.parse(xml, "OVF environment");
        Element root = d.getDocumentElement();
        if (root == null || !"Environment".equals(root.getLocalName()) || !NS.equals(root.getNamespaceURI())) {
            throw new dev.bronze.platform.xml.XmlException("OVF environment: the root element is not an OVF Environment");
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (Node s = root.getFirstChild(); s != null; s = s.getNextSibling()) {
            if (!(s instanceof Element sec) || !NS.equals(sec.getNamespaceURI()) || !"PropertySection".equals(sec.getLocalName())) {
                continue;
            }
            for (Node p = sec.getFirstChild(); p != null; p = p.getNextSibling()) {
                if (!(p instanceof Element prop) || !NS.equals(prop.getNamespaceURI()) || !"Property".equals(prop.getLocalName())) {
                    continue;
                }
                if (prop.hasAttributeNS(NS, "key")) {
                    // The first definition wins, so that a later duplicate cannot override it.
                    props.putIfAbsent(prop.getAttributeNS(NS, "key"), prop.getAttributeNS(NS, "value"));
                }
            }
        }
        return new OvfEnvironment(props);
    }

    /** A property's value; empty when absent or blank. */
    public Optional<String> get(String key) {
        String v = properties.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
