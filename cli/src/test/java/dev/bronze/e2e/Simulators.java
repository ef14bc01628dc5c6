package dev.bronze.e2e;

import dev.bronze.platform.sim.AwsSimulator;
import dev.bronze.platform.sim.GcpSimulator;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.sim.MetadataSimulator.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A row's platform as the guest sees it: SMBIOS strings, the metadata services at their real guest
 * addresses (JDK HttpServers on 127.0.0.1, reached through QEMU's {@code guestfwd} and
 * {@code src/e2e/relay}), and the CD-ROMs. Values follow ../shared/reference/cloud-detection.md and
 * the platform module's simulators, which are as strict as the real services (IMDSv2 tokens,
 * {@code Metadata-Flavor: Google}, Azure's {@code Metadata: true} and wireserver headers).
 */
public final class Simulators implements AutoCloseable {

    /** Where metal's {@code talos.config=} points and the live-node upgrade's payload comes from. */
    public static final String CONFIG_ADDRESS = "168.0.0.80";
    public static final String IMDS_ADDRESS = "169.254.169.254";
    public static final String WIRESERVER_ADDRESS = "168.63.129.16";
    /** QEMU refuses a guestfwd address outside {@code net=}; this covers 168.* and 169.254.*. */
    public static final String NET = "168.0.0.0/7";

    static final String AZURE_CONTAINER = "c7d1e2a4-5b6f-4e3d-9a8b-0e2e0e2e0e2e";

    private final Row row;
    private final Identity id;
    private final Map<String, MetadataSimulator> forwards = new LinkedHashMap<>();
    private final List<String> smbios = new ArrayList<>();
    private final List<Path> cdroms = new ArrayList<>();
    private final AtomicReference<String> health = new AtomicReference<>();

    private Simulators(Row row, Identity id) {
        this.row = row;
        this.id = id;
    }

    /** Starts what {@code row}'s platform needs; ISOs are written into {@code dir}. */
    public static Simulators start(Row row, Identity id, Path dir) throws IOException {
        Simulators s = new Simulators(row, id);
        try {
            Files.createDirectories(dir);
            switch (row.platform()) {
                case "metal" -> s.metal();
                case "aws" -> s.aws();
                case "gcp" -> s.gcp();
                case "azure" -> s.azure(dir);
                case "vmware" -> s.vmware(dir);
                case "openstack" -> s.openstack();
                case "nocloud" -> s.nocloud(dir);
                default -> throw new IllegalArgumentException("no simulator for " + row.platform());
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private MetadataSimulator serve(String guestAddress) throws IOException {
        MetadataSimulator m = new MetadataSimulator();
        forwards.put(guestAddress, m);
        return m;
    }

    private void metal() throws IOException {
        serve(CONFIG_ADDRESS).route("GET", "/config.yaml", c -> Reply.ok(id.userData(), "application/yaml"));
    }

    /** The URL metal images get as {@code talos.config=}. */
    public String configUrl() {
        return "http://" + CONFIG_ADDRESS + "/config.yaml";
    }

    /** Serves {@code file} at {@code http://CONFIG_ADDRESS/path} (the live-node upgrade's payload); returns the URL. */
    public String publish(String path, Path file) throws IOException {
        MetadataSimulator m = Optional.ofNullable(forwards.get(CONFIG_ADDRESS)).orElseThrow(
                () -> new IllegalStateException(row.id() + " has no config server"));
        byte[] bytes = Files.readAllBytes(file);
        m.route("GET", path, c -> Reply.ok(bytes, "application/octet-stream"));
        return "http://" + CONFIG_ADDRESS + path;
    }

    private void aws() throws IOException {
        // Nitro: vendor, BIOS vendor and asset tag "Amazon EC2"; the serial/UUID start "ec2".
        smbios.add("type=0,vendor=Amazon EC2,version=1.0");
        smbios.add("type=1,manufacturer=Amazon EC2,product=t3.micro,serial=ec2e2e00-0000-4000-8000-000000000001,"
                + "uuid=ec2e2e00-0000-4000-8000-000000000001");
        smbios.add("type=3,manufacturer=Amazon EC2,asset=Amazon EC2");
        AwsSimulator aws = new AwsSimulator(serve(IMDS_ADDRESS)).mode(AwsSimulator.Mode.V2_REQUIRED);
        String md = "/latest/meta-data/";
        aws.put(md + "instance-id", id.instanceId())
                .put(md + "hostname", id.hostname())
                .put(md + "local-hostname", id.hostname())
                .put(md + "instance-type", "t3.micro")
                .put(md + "placement/availability-zone", "us-east-1a")
                .put(md + "placement/region", "us-east-1")
                .put(md + "local-ipv4", "168.0.0.15")
                .putBytes("/latest/user-data", id.userData());
    }

    private void gcp() throws IOException {
        smbios.add("type=0,vendor=Google,version=Google");
        smbios.add("type=1,manufacturer=Google,product=Google Compute Engine,serial=GoogleCloud-E2E0000000000000000000000001");
        new GcpSimulator(serve(IMDS_ADDRESS))
                .put("instance/id", id.instanceId())
                .put("instance/name", id.hostname())
                .put("instance/hostname", id.hostname())
                .put("instance/zone", "projects/123456789/zones/europe-west4-a")
                .put("instance/machine-type", "projects/123456789/machineTypes/e2-small")
                .put("project/project-id", "bronze-e2e")
                .put("instance/attributes/user-data", new String(id.userData(), StandardCharsets.UTF_8));
    }

    private void azure(Path dir) throws IOException {
        // Every Hyper-V guest says "Microsoft Corporation"; the asset tag is Azure's alone.
        smbios.add("type=1,manufacturer=Microsoft Corporation,product=Virtual Machine,serial=0000-0002-0E2E-0E2E-0E2E-0E2E-00");
        smbios.add("type=3,manufacturer=Microsoft Corporation,asset=7783-7084-3265-9085-8269-3286-77");
        cdroms.add(IsoImages.build(dir.resolve("azure-provisioning.iso"), IsoImages.AZURE,
                Map.of("ovf-env.xml", azureOvfEnv(id).getBytes(StandardCharsets.UTF_8))));
        MetadataSimulator imds = serve(IMDS_ADDRESS);
        imds.rule(c -> !"true".equals(c.header("Metadata")) || c.header("X-Forwarded-For") != null ? Reply.status(400) : null);
        String instance = """
                {"compute":{"name":"%s","osProfile":{"computerName":"%s","adminUsername":"azureuser"},
                 "vmId":"%s","vmSize":"Standard_B2s","location":"westeurope","zone":"1","platformFaultDomain":"0",
                 "subscriptionId":"00000000-0000-4000-8000-0e2e0e2e0e2e","resourceGroupName":"bronze-e2e","tags":"",
                 "userData":""},
                 "network":{"interface":[{"macAddress":"525400123456","ipv4":{"ipAddress":[{"privateIpAddress":"168.0.0.15","publicIpAddress":""}]},
                 "ipv6":{"ipAddress":[]}}]}}
                """.formatted(id.hostname(), id.hostname(), id.instanceId());
        imds.route("GET", "/metadata/instance", c -> Reply.json(instance));
        imds.route("GET", "/metadata/instance/compute/userData", c -> Reply.ok(""));
        MetadataSimulator wire = serve(WIRESERVER_ADDRESS);
        wire.rule(c -> !"WALinuxAgent".equals(c.header("x-ms-agent-name")) || c.header("x-ms-version") == null
                ? Reply.status(400) : null);
        wire.route("GET", "/", c -> new Reply(200, "text/xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <Versions><Preferred><Version>2015-04-05</Version></Preferred>
                <Supported><Version>2015-04-05</Version><Version>2012-11-30</Version></Supported></Versions>
                """.getBytes(StandardCharsets.UTF_8), Map.of()));
        wire.route("GET", "/machine/", c -> new Reply(200, "text/xml", azureGoalState(id).getBytes(StandardCharsets.UTF_8), Map.of()));
        wire.route("POST", "/machine", c -> {
            String body = new String(c.body(), StandardCharsets.UTF_8);
            if (!"comp=health".equals(c.query()) || !String.valueOf(c.header("Content-Type")).startsWith("text/xml")) {
                return Reply.status(400);
            }
            // A report for another incarnation or container is refused the way the wireserver does (410).
            if (!body.contains("<GoalStateIncarnation>1</GoalStateIncarnation>") || !body.contains(AZURE_CONTAINER)) {
                return Reply.status(410);
            }
            health.set(body);
            return Reply.status(200);
        });
    }

    static String azureOvfEnv(Identity id) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:oe="http://schemas.dmtf.org/ovf/environment/1" xmlns:wa="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
                  <wa:ProvisioningSection>
                    <wa:Version>1.0</wa:Version>
                    <LinuxProvisioningConfigurationSet xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
                      <ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType>
                      <HostName>%s</HostName>
                      <UserName>azureuser</UserName>
                      <DisableSshPasswordAuthentication>true</DisableSshPasswordAuthentication>
                      <CustomData>%s</CustomData>
                    </LinuxProvisioningConfigurationSet>
                  </wa:ProvisioningSection>
                  <wa:PlatformSettingsSection>
                    <wa:Version>1.0</wa:Version>
                    <PlatformSettings xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
                      <KmsServerHostname>kms.core.windows.net</KmsServerHostname>
                      <ProvisionGuestAgent>false</ProvisionGuestAgent>
                      <PreprovisionedVm>false</PreprovisionedVm>
                    </PlatformSettings>
                  </wa:PlatformSettingsSection>
                </Environment>
                """.formatted(id.hostname(), Base64.getEncoder().encodeToString(id.userData()));
    }

    static String azureGoalState(Identity id) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <GoalState xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="goalstate10.xsd">
                  <Version>2012-11-30</Version>
                  <Incarnation>1</Incarnation>
                  <Machine><ExpectedState>Started</ExpectedState><ExpectHealthReport>FALSE</ExpectHealthReport></Machine>
                  <Container>
                    <ContainerId>%s</ContainerId>
                    <RoleInstanceList>
                      <RoleInstance>
                        <InstanceId>%s.%s</InstanceId>
                        <State>Started</State>
                      </RoleInstance>
                    </RoleInstanceList>
                  </Container>
                </GoalState>
                """.formatted(AZURE_CONTAINER, id.instanceId().replace("-", ""), id.hostname());
    }

    private void vmware(Path dir) throws IOException {
        // QEMU has no VMware backdoor: the OVF environment comes as vCenter's ISO transport.
        smbios.add("type=1,manufacturer=VMware,, Inc.,product=VMware7,,1,serial=VMware-42 1e 2e 00 00 00 00 01-0e 2e 0e 2e 0e 2e 0e 2e");
        smbios.add("type=3,manufacturer=No Enclosure,asset=No Asset Tag");
        cdroms.add(IsoImages.build(dir.resolve("ovf-env.iso"), IsoImages.VMWARE,
                Map.of("ovf-env.xml", vmwareOvfEnv(id).getBytes(StandardCharsets.UTF_8))));
    }

    static String vmwareOvfEnv(Identity id) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Environment
                     xmlns="http://schemas.dmtf.org/ovf/environment/1"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xmlns:oe="http://schemas.dmtf.org/ovf/environment/1"
                     xmlns:ve="http://www.vmware.com/schema/ovfenv"
                     oe:id=""
                     ve:vCenterId="vm-1234">
                   <PlatformSection>
                      <Kind>VMware ESXi</Kind>
                      <Version>8.0.2</Version>
                      <Vendor>VMware, Inc.</Vendor>
                      <Locale>en</Locale>
                   </PlatformSection>
                   <PropertySection>
                         <Property oe:key="instance-id" oe:value="%s"/>
                         <Property oe:key="hostname" oe:value="%s"/>
                         <Property oe:key="user-data" oe:value="%s"/>
                   </PropertySection>
                   <ve:EthernetAdapterSection>
                      <ve:Adapter ve:mac="00:50:56:a1:2e:2e" ve:network="VM Network" ve:unitNumber="7"/>
                   </ve:EthernetAdapterSection>
                </Environment>
                """.formatted(id.instanceId(), id.hostname(), Base64.getEncoder().encodeToString(id.userData()));
    }

    private void openstack() throws IOException {
        smbios.add("type=1,manufacturer=OpenStack Foundation,product=OpenStack Nova,version=27.1.0,"
                + "serial=0e2e0e2e-0000-4000-8000-000000000001");
        smbios.add("type=3,manufacturer=QEMU,asset=OpenStack Nova");
        MetadataSimulator m = serve(IMDS_ADDRESS);
        String meta = """
                {"uuid":"%s","name":"%s","hostname":"%s","availability_zone":"nova","project_id":"0e2e",
                 "launch_index":0,"meta":{},"public_keys":{},"devices":[]}
                """.formatted(id.instanceId(), id.hostname(), id.hostname());
        m.get("/openstack", "2012-08-10\n2013-04-04\n2016-06-30\n2018-08-27\nlatest");
        m.route("GET", "/openstack/latest/meta_data.json", c -> Reply.json(meta));
        m.route("GET", "/openstack/latest/user_data", c -> Reply.ok(id.userData(), "application/octet-stream"));
        m.route("GET", "/openstack/latest/network_data.json", c -> Reply.json("{\"links\":[],\"networks\":[],\"services\":[]}"));
        m.route("GET", "/openstack/latest/vendor_data.json", c -> Reply.json("{}"));
    }

    private void nocloud(Path dir) throws IOException {
        // Proxmox and KubeVirt attach cidata without any SMBIOS hint: the label is the evidence.
        String meta = "instance-id: " + id.instanceId() + "\nlocal-hostname: " + id.hostname() + "\n";
        cdroms.add(IsoImages.build(dir.resolve("cidata.iso"), IsoImages.CIDATA,
                Map.of("meta-data", meta.getBytes(StandardCharsets.UTF_8), "user-data", id.userData())));
    }

    public Identity identity() {
        return id;
    }

    public List<String> smbios() {
        return List.copyOf(smbios);
    }

    public List<Path> cdroms() {
        return List.copyOf(cdroms);
    }

    /** Guest address → the simulator behind it. */
    public Map<String, MetadataSimulator> forwards() {
        return Map.copyOf(forwards);
    }

    /** The {@code -netdev user} spec: a restricted network whose only peers are the simulators. */
    public String nic(Path relay) {
        StringBuilder sb = new StringBuilder("user,net=" + NET + ",restrict=on");
        forwards.forEach((addr, sim) -> sb.append(",guestfwd=tcp:").append(addr).append(":80-cmd:").append(relay.toAbsolutePath())
                .append(" 127.0.0.1:").append(sim.base().getPort()));
        return sb.toString();
    }

    /** The body of the Ready report the wireserver accepted, if any. */
    public Optional<String> healthReport() {
        return Optional.ofNullable(health.get());
    }

    /** What the services saw, for the report (method, address, path). */
    public List<String> requests() {
        List<String> out = new ArrayList<>();
        forwards.forEach((addr, sim) -> sim.calls().forEach(c -> out.add(c.method() + " " + addr + c.pathAndQuery())));
        return out;
    }

    /** After the boot: what the platform itself must have seen, as problems (empty when all is well). */
    public List<String> verifyServed() {
        List<String> problems = new ArrayList<>();
        switch (row.platform()) {
            case "metal" -> {
                if (forwards.get(CONFIG_ADDRESS).count("GET", "/config.yaml") == 0) {
                    problems.add("the config server never served /config.yaml");
                }
            }
            case "aws" -> {
                MetadataSimulator m = forwards.get(IMDS_ADDRESS);
                if (m.count("PUT", "/latest/api/token") == 0) {
                    problems.add("IMDS saw no token PUT (IMDSv2)");
                }
                if (m.count("GET", "/latest/user-data") == 0) {
                    problems.add("IMDS never served /latest/user-data");
                }
            }
            case "gcp" -> {
                if (forwards.get(IMDS_ADDRESS).count("GET", "/computeMetadata/v1/instance/attributes/user-data") == 0) {
                    problems.add("the metadata server never served instance/attributes/user-data");
                }
            }
            case "azure" -> {
                if (health.get() == null) {
                    problems.add("the wireserver saw no accepted health report");
                } else if (!health.get().contains("<State>Ready</State>")) {
                    problems.add("the wireserver's health report is not Ready: " + health.get());
                }
            }
            case "openstack" -> {
                if (forwards.get(IMDS_ADDRESS).count("GET", "/openstack/latest/user_data") == 0) {
                    problems.add("the metadata service never served openstack/latest/user_data");
                }
            }
            default -> {
                // vmware and nocloud: the CD is the only source; the guest's answer is the proof.
            }
        }
        return problems;
    }

    @Override
    public void close() {
        forwards.values().forEach(MetadataSimulator::close);
    }
}
