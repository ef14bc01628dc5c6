package dev.bronze.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.aws.AwsFetcher;
import dev.bronze.platform.azure.AzureFetcher;
import dev.bronze.platform.azure.AzureProvisioningMedia;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.gcp.GcpFetcher;
import dev.bronze.platform.metal.MetalFetcher;
import dev.bronze.platform.openstack.OpenStackFetcher;
import dev.bronze.platform.sim.Contexts;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.vmware.OvfEnvironment;
import dev.bronze.platform.vmware.VmwareGuestInfo;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The matrix runner's own logic without QEMU: rows and options, the reports, the ISOs as xorriso's
 * and util-linux's readers see them, and the simulators checked by Bronze's own fetchers (what
 * the guest will run) talking to them over 127.0.0.1.
 */
class E2eRunnerTest {

    @TempDir
    Path dir;

    @Test
    void rowsAreTheMatrixInOrderEachOnce() {
        assertThat(Row.parse(List.of())).hasSize(10).first().isEqualTo(Row.UEFI_SDBOOT_METAL);
        assertThat(Row.parse(List.of("uefi-sdboot-nocloud", "bios-grub-metal", "BIOS-GRUB-METAL")))
                .containsExactly(Row.BIOS_GRUB_METAL, Row.UEFI_SDBOOT_NOCLOUD);
        assertThat(Row.values()).filteredOn(Row::fullScenario).extracting(Row::id)
                .containsExactly("uefi-sdboot-metal", "uefi-grub-metal", "bios-grub-metal", "arm64-sdboot-metal");
        assertThat(Row.values()).filteredOn(Row::liveUpgrade).containsExactly(Row.UEFI_SDBOOT_METAL);
        assertThat(Row.ARM64_SDBOOT_METAL.console()).isEqualTo("ttyAMA0");
        assertThatThrownBy(() -> Row.parse(List.of("uefi-sdboot-aws", "uefi-lilo-metal", "x")))
                .hasMessageContaining("unknown rows uefi-lilo-metal, x").hasMessageContaining("uefi-sdboot-openstack");
    }

    @Test
    void optionsTakeJobsAndRefuseNonsense() {
        E2eRun.Options o = E2eRun.parse(List.of("--jobs", "3", "uefi-sdboot-gcp", "--plumbing"), dir);
        assertThat(o.jobs()).isEqualTo(3);
        assertThat(o.plumbing()).isTrue();
        assertThat(o.rows()).containsExactly(Row.UEFI_SDBOOT_GCP);
        assertThat(o.out()).isEqualTo(dir.resolve("target/e2e"));
        assertThat(E2eRun.parse(List.of(), dir).jobs()).isEqualTo(2);
        assertThatThrownBy(() -> E2eRun.parse(List.of("--jobs", "0"), dir)).hasMessageContaining("1-8");
        assertThatThrownBy(() -> E2eRun.parse(List.of("--jobs", "two"), dir)).hasMessageContaining("two");
        assertThatThrownBy(() -> E2eRun.parse(List.of("--jobs"), dir)).hasMessageContaining("needs a count");
        assertThatThrownBy(() -> E2eRun.parse(List.of("--fast"), dir)).hasMessageContaining("unknown option: --fast");
    }

    @Test
    void reportSaysWhichStepFailedAndKeepsItsSerialLog() throws IOException {
        Report r = new Report("node", Instant.parse("2026-01-02T03:04:05Z"));
        Step ok = new Step("uefi-sdboot-aws", "boot-1", "slot A version 1 on aws (detected)", "A", "1", "aws", "detected", 1, 41.26,
                List.of(), "/logs/ok.log");
        Step bad = new Step("bios-grub-metal", "hang-4-falls-back", "slot A version 1", "B", "4", "metal", "detected", 2, 300,
                List.of("slot=B, expected A"), "/logs/hang.log");
        r.add(new Report.RowResult(Row.UEFI_SDBOOT_AWS, List.of(Step.host("uefi-sdboot-aws", "install-1", "install", 3.04, List.of()), ok), 45));
        r.add(new Report.RowResult(Row.BIOS_GRUB_METAL, List.of(bad), 300));
        r.write(dir, 2, 345.67);

        JsonNode doc = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(doc.path("passed").asBoolean()).isFalse();
        assertThat(doc.path("mode").asText()).isEqualTo("node");
        assertThat(doc.path("seconds").asDouble()).isEqualTo(345.7);
        // Matrix order, not completion order.
        assertThat(doc.path("rows").get(0).path("row").asText()).isEqualTo("bios-grub-metal");
        JsonNode hang = doc.path("rows").get(0).path("steps").get(0);
        assertThat(hang.path("verdict").asText()).isEqualTo("fail");
        assertThat(hang.path("serial").asText()).isEqualTo("/logs/hang.log");
        assertThat(hang.path("problems").get(0).asText()).isEqualTo("slot=B, expected A");
        JsonNode boot = doc.path("rows").get(1).path("steps").get(1);
        assertThat(boot.path("platform").asText()).isEqualTo("aws");
        assertThat(boot.path("source").asText()).isEqualTo("detected");
        assertThat(boot.path("seconds").asDouble()).isEqualTo(41.3);
        assertThat(boot.path("serial").isNull()).as("a passed step's log is not pointed at").isTrue();

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("**FAILED**")
                .contains("| uefi-sdboot-aws | boot-1 | A | slot A version 1 on aws (detected) | aws | detected | 1 | 41.3 | pass |")
                .contains("- **bios-grub-metal / hang-4-falls-back**: slot=B, expected A (serial log: `/logs/hang.log`)");

        assertThat(r.passed(2)).isFalse();
        Report good = new Report("node", Instant.now());
        good.add(new Report.RowResult(Row.UEFI_SDBOOT_AWS, List.of(ok), 1));
        assertThat(good.passed(1)).isTrue();
        assertThat(good.passed(2)).as("a requested row that never reported is a failure").isFalse();
        good.add(new Report.RowResult(Row.UEFI_SDBOOT_GCP, List.of(), 1));
        assertThat(good.passed(2)).as("a row without steps proves nothing").isFalse();
    }

    Identity id(Row row) {
        return Identity.fresh(row, new Random(7));
    }

    @Test
    void identitiesAreFreshEachRun() {
        Identity a = Identity.fresh(Row.UEFI_SDBOOT_AWS, new Random(1));
        Identity b = Identity.fresh(Row.UEFI_SDBOOT_AWS, new Random(2));
        assertThat(a.userDataSha256()).isNotEqualTo(b.userDataSha256()).hasSize(64);
        assertThat(a.instanceId()).isNotEqualTo(b.instanceId());
        assertThat(new String(a.userData(), StandardCharsets.UTF_8)).startsWith("version: v1alpha1\n");
    }

    @Test
    void cidataIsoReadsAsCloudLocaldsMakesIt() throws IOException {
        HostTools.require("xorriso", "isoinfo", "blkid");
        Identity id = id(Row.UEFI_SDBOOT_NOCLOUD);
        try (Simulators s = Simulators.start(Row.UEFI_SDBOOT_NOCLOUD, id, dir)) {
            Path iso = s.cdroms().get(0);
            assertThat(blkid(iso)).containsEntry("LABEL", "cidata").containsEntry("TYPE", "iso9660");
            String pvd = HostCommand.run("isoinfo", "-d", "-i", iso.toString());
            assertThat(pvd).contains("Volume id: cidata").contains("Joliet with UCS level").contains("Rock Ridge signatures");
            assertThat(extract(iso, "/user-data")).isEqualTo(id.userData());
            assertThat(new String(extract(iso, "/meta-data"), StandardCharsets.UTF_8))
                    .isEqualTo("instance-id: " + id.instanceId() + "\nlocal-hostname: " + id.hostname() + "\n");
            assertThat(HostCommand.run("xorriso", "-indev", iso.toString(), "-find", "/", "-type", "f"))
                    .contains("'/meta-data'").contains("'/user-data'");
            assertThat(s.smbios()).as("NoCloud's evidence is the label alone").isEmpty();
            assertThat(s.forwards()).isEmpty();
        }
    }

    @Test
    void azureProvisioningDiscCarriesCustomDataBronzeDecodes() throws IOException {
        HostTools.require("xorriso", "isoinfo", "blkid");
        Identity id = id(Row.UEFI_SDBOOT_AZURE);
        try (Simulators s = Simulators.start(Row.UEFI_SDBOOT_AZURE, id, dir)) {
            Path iso = s.cdroms().get(0);
            assertThat(blkid(iso)).containsEntry("LABEL", IsoImages.AZURE).containsEntry("TYPE", "iso9660");
            AzureProvisioningMedia.OvfEnv env = AzureProvisioningMedia.parse(extract(iso, "/ovf-env.xml"));
            assertThat(env.hostName()).contains(id.hostname());
            assertThat(env.customData()).hasValueSatisfying(b -> assertThat(b).isEqualTo(id.userData()));
            assertThat(s.smbios()).anyMatch(x -> x.contains("asset=7783-7084-3265-9085-8269-3286-77"));
        }
    }

    @Test
    void vmwareOvfIsoCarriesUserDataBronzeDecodes() throws IOException {
        HostTools.require("xorriso", "isoinfo", "blkid");
        Identity id = id(Row.UEFI_SDBOOT_VMWARE);
        try (Simulators s = Simulators.start(Row.UEFI_SDBOOT_VMWARE, id, dir)) {
            Path iso = s.cdroms().get(0);
            assertThat(blkid(iso)).containsEntry("LABEL", "OVF ENV");
            OvfEnvironment env = OvfEnvironment.parse(extract(iso, "/ovf-env.xml"));
            assertThat(env.get("instance-id")).contains(id.instanceId());
            assertThat(env.get("hostname")).contains(id.hostname());
            assertThat(VmwareGuestInfo.fromOvf(env, "test")).hasValueSatisfying(r -> assertThat(r)
                    .isInstanceOfSatisfying(FetchResult.Found.class, f -> assertThat(f.bytes()).isEqualTo(id.userData())));
            // QEMU's -smbios splits on commas: "VMware, Inc." must be written with a doubled comma.
            assertThat(s.smbios().get(0)).startsWith("type=1,manufacturer=VMware,, Inc.,product=VMware7,,1,");
            assertThat(Scenario.smbiosField(s.smbios().get(0), "manufacturer")).contains("VMware, Inc.");
            assertThat(Scenario.smbiosField(s.smbios().get(0), "product")).contains("VMware7,1");
            assertThat(Scenario.smbiosField(s.smbios().get(0), "asset")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uefi-sdboot-aws", "uefi-sdboot-gcp", "uefi-sdboot-azure", "uefi-sdboot-openstack"})
    void simulatorsServeWhatBronzesFetchersAsk(String rowId) throws IOException {
        Row row = Row.parse(List.of(rowId)).get(0);
        Identity id = id(row);
        Path root = java.nio.file.Files.createDirectories(dir.resolve("root"));
        try (Simulators s = Simulators.start(row, id, dir.resolve("iso"))) {
            MetadataSimulator imds = s.forwards().get(Simulators.IMDS_ADDRESS);
            FetchContext.Builder b = Contexts.builder(root, "", imds.base(), new FakeTime());
            if (row.platform().equals("azure")) {
                b.wireserver(s.forwards().get(Simulators.WIRESERVER_ADDRESS).base());
                Contexts.volumeFile(root, IsoImages.AZURE, "ovf-env.xml", Simulators.azureOvfEnv(id).getBytes(StandardCharsets.UTF_8));
            }
            FetchContext ctx = b.build();
            PlatformFetcher f = switch (row.platform()) {
                case "aws" -> new AwsFetcher();
                case "gcp" -> new GcpFetcher();
                case "azure" -> new AzureFetcher();
                default -> new OpenStackFetcher();
            };
            assertThat(s.verifyServed()).as("nothing asked yet").isNotEmpty();
            FetchResult r = f.userData(ctx);
            assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class, x -> assertThat(x.bytes()).isEqualTo(id.userData()));
            Metadata m = f.metadata(ctx);
            assertThat(m.instanceId()).isEqualTo(id.instanceId());
            assertThat(m.hostname()).isEqualTo(id.hostname());
            if (row.platform().equals("azure")) {
                assertThat(f.report(ctx, r)).isEmpty();
                assertThat(s.healthReport()).hasValueSatisfying(h -> assertThat(h).contains("<State>Ready</State>"));
            }
            assertThat(s.verifyServed()).isEmpty();
            assertThat(s.requests()).allMatch(x -> x.contains(" 169.254.169.254/") || x.contains(" 168.63.129.16/"));
            String nic = s.nic(Path.of("/repo/src/e2e/relay"));
            assertThat(nic).startsWith("user,net=168.0.0.0/7,restrict=on,")
                    .contains(",guestfwd=tcp:169.254.169.254:80-cmd:/repo/src/e2e/relay 127.0.0.1:" + imds.base().getPort());
            if (row.platform().equals("aws")) {
                assertThat(imds.calls()).extracting(MetadataSimulator.Call::method).contains("PUT");
            }
        }
    }

    @Test
    void metalConfigServerServesTalosConfigAndTheLiveUpgradesPayload() throws IOException {
        Identity id = id(Row.UEFI_SDBOOT_METAL);
        try (Simulators s = Simulators.start(Row.UEFI_SDBOOT_METAL, id, dir)) {
            MetadataSimulator cfg = s.forwards().get(Simulators.CONFIG_ADDRESS);
            assertThat(s.configUrl()).isEqualTo("http://168.0.0.80/config.yaml");
            FetchContext ctx = Contexts.builder(dir, "talos.config=" + cfg.base() + "/config.yaml", null, new FakeTime()).build();
            assertThat(ctx.cmdline()).isNotNull();
            FetchResult r = new MetalFetcher().userData(ctx);
            assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class, x -> assertThat(x.bytes()).isEqualTo(id.userData()));
            assertThat(s.verifyServed()).isEmpty();
            Path payload = Files.write(dir.resolve("initrd"), new byte[] {1, 2, 3});
            assertThat(s.publish("/payload/2/initrd", payload)).isEqualTo("http://168.0.0.80/payload/2/initrd");
            assertThat(KernelCmdline.parse("talos.config=" + s.configUrl()).get("talos.config")).contains(s.configUrl());
        }
    }

    static Map<String, String> blkid(Path iso) throws IOException {
        String out = HostCommand.run("blkid", "-p", "-o", "export", iso.toString());
        Map<String, String> m = new java.util.HashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> m.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1).replace("\\ ", " ")));
        return m;
    }

    static byte[] extract(Path iso, String file) throws IOException {
        Process p = new ProcessBuilder("isoinfo", "-R", "-i", iso.toString(), "-x", file).start();
        byte[] b = p.getInputStream().readAllBytes();
        try {
            assertThat(p.waitFor()).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return b;
    }
}
