#!/usr/bin/env python3
"""Writes the detection fixture trees: <name>/root/ (a stand-in for /) and <name>/expected.json.

Values are real ones, taken from public bug reports and documentation (cited per tree in
"about"). Run it from anywhere; it rewrites every tree it knows and leaves others alone. Trees
with filesystem images need mkfs.vfat and genisoimage. Things git cannot store (FIFOs,
unreadable files, directories where files belong, large random files) are described in
expected.json under "setup" and made by the test at run time.
"""
import json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

X86_VM = ("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\n"
          "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch\n\n")
X86_METAL = X86_VM.replace(" hypervisor", "").replace("Platinum 8259CL", "Gold 6338")
AMD_VM = X86_VM.replace("GenuineIntel", "AuthenticAMD").replace("Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz", "AMD EPYC 7B13")
ARM64 = ("processor\t: 0\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\n"
         "CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n")
def pi_cpuinfo(arch, rev, serial, model):
    cores = "".join(f"processor\t: {i}\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\nCPU architecture: {arch}\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n\n" for i in range(4))
    return cores + f"Hardware\t: BCM2835\nRevision\t: {rev}\nSerial\t\t: {serial}\nModel\t\t: {model}\n"

TREES = []

def tree(name, about, expect, dmi=None, cpuinfo=X86_VM, cmdline="BOOT_IMAGE=/boot/vmlinuz root=UUID=0e3b4c57-2a8f-4f5c-9e1f-8f5b0d3a9c11 ro console=ttyS0",
         files=None, links=None, dt=None, by_label=None, clocksource=None, efi=False, setup=None, images=None):
    TREES.append(dict(name=name, about=about, expect=expect, dmi=dmi or {}, cpuinfo=cpuinfo, cmdline=cmdline,
                      files=files or {}, links=links or {}, dt=dt, by_label=by_label, clocksource=clocksource,
                      efi=efi, setup=setup, images=images or []))

def exp(platform, mode="cloud", source="detected", hypervisor=None, arch="amd64", **kw):
    d = dict(platform=platform, mode=mode, source=source, hypervisor=hypervisor, arch=arch)
    d.update(kw)
    return d

QEMU_DMI = {"sys_vendor": "QEMU", "product_name": "Standard PC (i440FX + PIIX, 1996)", "product_version": "pc-i440fx-8.2",
            "bios_vendor": "SeaBIOS", "bios_version": "rel-1.16.3-0-ga6ed6b701f0a-prebuilt.qemu.org", "chassis_vendor": "QEMU",
            "board_vendor": "", "chassis_asset_tag": ""}
Q35_DMI = dict(QEMU_DMI, product_name="Standard PC (Q35 + ICH9, 2009)", product_version="pc-q35-8.2")

# ---------------- AWS ----------------
tree("aws-nitro-t3-small", "cloud-init #5105: Nitro t3.small, byte-swapped product_uuid",
     exp("aws", hypervisor="amazon", evidence=["dmi:sys_vendor"]),
     dmi={"sys_vendor": "Amazon EC2", "product_name": "t3.small", "product_version": "", "product_serial": "ec2972df-2c8f-8e0a-c7b5-0e2f0ab1c2d3",
          "product_uuid": "DF7229EC-8F2C-0A8E-C7B5-0E2F0AB1C2D3", "board_vendor": "Amazon EC2", "board_name": "",
          "chassis_vendor": "Amazon EC2", "chassis_asset_tag": "Amazon EC2", "bios_vendor": "Amazon EC2", "bios_version": "1.0"},
     clocksource="kvm-clock")
tree("aws-nitro-c6a-amd", "Nitro c6a.large (AMD), tsc clocksource as AWS recommends",
     exp("aws", hypervisor="amazon"),
     dmi={"sys_vendor": "Amazon EC2", "product_name": "c6a.large", "product_uuid": "ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8",
          "chassis_asset_tag": "Amazon EC2", "bios_vendor": "Amazon EC2", "bios_version": "1.0"},
     cpuinfo=AMD_VM, clocksource="tsc")
tree("aws-xen-m4-large", "Xen-era m4.large: Xen DMI, BIOS version 4.11.amazon, sys/hypervisor/uuid ec2...",
     exp("aws", hypervisor="xen"),
     dmi={"sys_vendor": "Xen", "product_name": "HVM domU", "product_version": "4.11.amazon", "product_uuid": "EC2E4B3F-7D6A-3C21-9E8B-0F1A2B3C4D5E",
          "bios_vendor": "Xen", "bios_version": "4.11.amazon", "chassis_vendor": "Xen"},
     files={"sys/hypervisor/type": "xen\n", "sys/hypervisor/uuid": "ec2e4b3f-7d6a-3c21-9e8b-0f1a2b3c4d5e\n"}, clocksource="xen")
tree("aws-xen-pv-no-dmi", "Xen PV guest (t1/m1): no SMBIOS at all, only sys/hypervisor",
     exp("aws", hypervisor="xen"),
     files={"sys/hypervisor/type": "xen\n", "sys/hypervisor/uuid": "ec2d0b8e-1a2b-3c4d-5e6f-a1b2c3d4e5f6\n"}, clocksource="xen")
tree("aws-m5-metal", "m5.metal: Amazon DMI, no CPUID hypervisor bit, SMBIOS VM bit clear (systemd amazon_metal_rule)",
     exp("aws", hypervisor=None),
     dmi={"sys_vendor": "Amazon EC2", "product_name": "m5.metal", "product_uuid": "ec2f1e2d-3c4b-5a69-7887-96a5b4c3d2e1",
          "chassis_asset_tag": "Amazon EC2", "bios_vendor": "Amazon EC2", "bios_version": "1.0"},
     cpuinfo=X86_METAL, files={"sys/firmware/dmi/entries/0-0/raw": bytes([0, 0x18, 0, 0, 1, 2, 0, 0xf0, 3, 0xff, 0x80, 0x98, 0x8b, 0x3f, 1, 0, 0, 0, 0x03, 0x0c, 0, 0, 0xff, 0xff]) + b"Amazon EC2\0" + b"1.0\0\0"})
tree("aws-graviton-m6g", "Graviton (arm64) exposes the same DMI (cloud-init PR #75)",
     exp("aws", hypervisor="amazon", arch="arm64"),
     dmi={"sys_vendor": "Amazon EC2", "product_name": "m6g.large", "product_uuid": "ec24a5b6-c7d8-e9f0-a1b2-c3d4e5f60718",
          "chassis_asset_tag": "Amazon EC2", "bios_vendor": "Amazon EC2", "bios_version": "1.0"}, cpuinfo=ARM64, efi=True)
tree("aws-uuid-only-is-not-enough", "A metal box whose random UUID starts with ec2 (1 in 4096): cloud-init strict_id lesson",
     exp("metal", mode="metal", source="fallback", hypervisor=None, evidence=["dmi:product_uuid"]),
     dmi={"sys_vendor": "Supermicro", "product_name": "SYS-1029P-WTR", "product_uuid": "ec21b0a4-5ad6-11e9-8647-d663bd873d93",
          "bios_vendor": "American Megatrends Inc.", "bios_version": "3.1"}, cpuinfo=X86_METAL)

# ---------------- GCP ----------------
GCE = {"sys_vendor": "Google", "product_name": "Google Compute Engine", "product_serial": "GoogleCloud-6A1D2C3B4E5F60718293A4B5C6D7E8F9",
       "product_uuid": "6a1d2c3b-4e5f-6071-8293-a4b5c6d7e8f9", "board_vendor": "Google", "board_name": "Google Compute Engine",
       "chassis_vendor": "Google", "bios_vendor": "Google", "bios_version": "Google"}
tree("gcp-n2-standard", "GCE today: product Google Compute Engine (cloud-init #2835)", exp("gcp", hypervisor="google"), dmi=GCE, clocksource="kvm-clock")
tree("gcp-old-google", "older GCE instances: product_name and sys_vendor just 'Google' (LP #1674861)",
     exp("gcp", hypervisor="kvm"), dmi={"sys_vendor": "Google", "product_name": "Google", "product_serial": "GoogleCloud-5522C7D4A6E8B1F0"}, clocksource="kvm-clock")
tree("gcp-serial-only", "only the GoogleCloud- serial readable (product_name missing)",
     exp("gcp", hypervisor="kvm"), dmi={"product_serial": "GoogleCloud-0F1E2D3C4B5A69788796A5B4C3D2E1F0"}, clocksource="kvm-clock")
tree("gcp-t2a-arm64", "Tau T2A arm64 VM", exp("gcp", hypervisor="google", arch="arm64"), dmi=GCE, cpuinfo=ARM64, efi=True)
tree("gcp-c3-metal", "GCE bare metal keeps the Google DMI; no hypervisor bit (systemd PR #38125)",
     exp("gcp", hypervisor=None), dmi=dict(GCE, product_name="Google Compute Engine"), cpuinfo=X86_METAL)

# ---------------- Azure ----------------
AZ = {"sys_vendor": "Microsoft Corporation", "product_name": "Virtual Machine", "product_version": "7.0", "product_serial": "0000-0012-3456-7890-1234-5678-90",
      "product_uuid": "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "board_vendor": "Microsoft Corporation", "board_name": "Virtual Machine",
      "chassis_vendor": "Microsoft Corporation", "chassis_asset_tag": "7783-7084-3265-9085-8269-3286-77", "bios_vendor": "Microsoft Corporation",
      "bios_version": "Hyper-V UEFI Release v4.1"}
tree("azure-gen2", "Azure Gen2 VM: the asset tag is ASCII 'MSFT AZURE VM'", exp("azure", hypervisor="microsoft"), dmi=AZ,
     clocksource="hyperv_clocksource_tsc_page", efi=True)
tree("azure-ami-vendor", "crmsh #865: Azure VM whose sys_vendor reads American Megatrends",
     exp("azure", hypervisor="microsoft"), dmi=dict(AZ, sys_vendor="American Megatrends Inc.", bios_vendor="American Megatrends Inc.", bios_version="090008"),
     clocksource="hyperv_clocksource_tsc_page")
tree("hyperv-local", "crc-org/snc #1146: local Hyper-V has the same vendor but not the Azure tag: not a cloud",
     exp("metal", mode="metal", source="fallback", hypervisor="microsoft"),
     dmi=dict(AZ, chassis_asset_tag="5293-1054-0962-4862-1839-0154-27"), clocksource="hyperv_clocksource_tsc_page")
tree("azure-arm64-cobalt", "Azure Cobalt arm64 VM", exp("azure", hypervisor="microsoft", arch="arm64"), dmi=AZ, cpuinfo=ARM64, efi=True)

# ---------------- VMware ----------------
VMW = {"sys_vendor": "VMware, Inc.", "product_name": "VMware Virtual Platform", "product_serial": "VMware-42 21 7c 1b 3d 2e 4f 5a-6b 7c 8d 9e 0f 1a 2b 3c",
       "board_vendor": "Intel Corporation", "board_name": "440BX Desktop Reference Platform", "chassis_vendor": "No Enclosure",
       "chassis_asset_tag": "No Asset Tag", "bios_vendor": "Phoenix Technologies LTD", "bios_version": "6.00"}
tree("vmware-esxi-bios", "cloud-init #4977: ESXi BIOS guest", exp("vmware", hypervisor="vmware"), dmi=VMW)
tree("vmware-esxi-efi", "ESXi EFI guest, product VMware7,1", exp("vmware", hypervisor="vmware"),
     dmi=dict(VMW, product_name="VMware7,1", bios_vendor="VMware, Inc.", bios_version="VMW71.00V.21100432.B64.2301110304"), efi=True)
tree("vmware-fusion-arm64", "Fusion on Apple silicon: VMware20,1 arm64", exp("vmware", hypervisor="vmware", arch="arm64"),
     dmi=dict(VMW, product_name="VMware20,1", bios_vendor="VMware, Inc."), cpuinfo=ARM64, efi=True)
tree("vmware-ovf-iso", "vApp with an OVF environment ISO (ovf-env label)", exp("vmware", hypervisor="vmware"), dmi=VMW, by_label={"OVF ENV": "sr0"})
tree("sap-ccloud-openstack-on-vmware", "SAP Converged Cloud: OpenStack on ESXi, asset tag SAP CCloud VM",
     exp("openstack", hypervisor="vmware"), dmi=dict(VMW, chassis_asset_tag="SAP CCloud VM"))

# ---------------- OpenStack ----------------
NOVA = {"sys_vendor": "OpenStack Foundation", "product_name": "OpenStack Nova", "product_version": "23.2.1", "product_serial": "8a7b6c5d-4e3f-2a1b-0c9d-8e7f6a5b4c3d",
        "product_uuid": "5f4e3d2c-1b0a-9988-7766-554433221100", "chassis_vendor": "QEMU", "bios_vendor": "SeaBIOS", "bios_version": "1.13.0-1ubuntu1.1"}
tree("openstack-nova-kvm", "Nova on KVM", exp("openstack", hypervisor="kvm"), dmi=NOVA, clocksource="kvm-clock")
tree("openstack-rdo-compute", "cloud-init #2840: RDO says OpenStack Compute", exp("openstack", hypervisor="kvm"),
     dmi=dict(NOVA, sys_vendor="Red Hat", product_name="OpenStack Compute"), clocksource="kvm-clock")
tree("otc-xen", "cloud-init #3139: Open Telekom Cloud gen1 on Xen", exp("openstack", hypervisor="xen"),
     dmi={"sys_vendor": "Xen", "product_name": "HVM domU", "product_version": "4.7.1", "chassis_asset_tag": "OpenTelekomCloud", "bios_vendor": "Xen"},
     files={"sys/hypervisor/type": "xen\n"}, clocksource="xen")
tree("huaweicloud", "Huawei Cloud asset tag", exp("openstack", hypervisor="kvm"),
     dmi=dict(QEMU_DMI, chassis_asset_tag="HUAWEICLOUD", product_name="OpenStack Nova", sys_vendor="OpenStack Foundation"), clocksource="kvm-clock")
tree("openstack-configdrive-udev", "config drive seen through udev's by-label", exp("openstack", hypervisor="kvm"),
     dmi=QEMU_DMI, by_label={"config-2": "sr0"}, clocksource="kvm-clock")
tree("openstack-configdrive-probe-iso", "config drive ISO found by the superblock probe (no udev in early boot)",
     exp("openstack", hypervisor="qemu", evidence=["label:sr0"]), dmi=QEMU_DMI, images=[("sr0", "iso", "config-2", None)])
tree("openstack-arm64-nova", "cloud-init #2803: OpenStack on arm64 (ds-identify says MAYBE and gives up)",
     exp("openstack", hypervisor="kvm", arch="arm64"), dmi=NOVA, cpuinfo=ARM64, clocksource="arch_sys_counter",
     dt={"hypervisor/compatible": b"linux,kvm\0"})
tree("brightbox", "cloud-init #2798: Brightbox (OpenStack) serial", exp("openstack", hypervisor="kvm"),
     dmi=dict(QEMU_DMI, product_serial="srv-4m0ps.gb1.brightbox.com"), clocksource="kvm-clock")
tree("openstack-configdrive-uppercase", "CONFIG-2 upper case label (vfat config drive)", exp("openstack", hypervisor="kvm"),
     dmi=Q35_DMI, by_label={"CONFIG-2": "vdb"}, clocksource="kvm-clock")

# ---------------- NoCloud ----------------
tree("nocloud-cidata-udev", "QEMU with a cidata seed ISO", exp("nocloud", hypervisor="kvm"), dmi=QEMU_DMI, by_label={"cidata": "sr0"}, clocksource="kvm-clock")
tree("nocloud-CIDATA-fat-probe", "CIDATA vfat seed on vdb, no udev: the superblock probe finds it",
     exp("nocloud", hypervisor="qemu", evidence=["label:vdb"]), dmi=Q35_DMI, images=[("vdb", "fat", "CIDATA", None)])
tree("nocloud-partition-offset", "cidata FAT in vda1, only the disk node exists: read at start x 512",
     exp("nocloud", hypervisor="qemu", evidence=["label:vda1"]), dmi=Q35_DMI, images=[("vda", "fat", "cidata", 2048)])
tree("nocloud-cmdline-ds", "kernel ds=nocloud;s=... (cloud-init NoCloud docs)", exp("nocloud", hypervisor="kvm", evidence=["cmdline:ds"]),
     dmi=QEMU_DMI, cmdline="root=/dev/vda1 ro ds=nocloud;s=http://10.0.2.2:8000/ console=ttyS0", clocksource="kvm-clock")
tree("nocloud-net-cmdline", "cloud-init #4203: ds=nocloud-net with a seedfrom URL", exp("nocloud", hypervisor="kvm"),
     dmi=QEMU_DMI, cmdline="root=/dev/vda1 ds=nocloud-net;s=http://192.168.122.1:8000/", clocksource="kvm-clock")
tree("nocloud-smbios-serial", "QEMU -smbios type=1,serial=ds=nocloud;s=...", exp("nocloud", hypervisor="kvm"),
     dmi=dict(QEMU_DMI, product_serial="ds=nocloud;s=http://10.10.0.1:8000/"), clocksource="kvm-clock")
tree("proxmox-cidata", "Proxmox VE cloud-init drive (cidata ISO on ide2)", exp("nocloud", hypervisor="kvm"),
     dmi=dict(QEMU_DMI, product_name="Standard PC (i440FX + PIIX, 1996)", product_version="pc-i440fx-9.0"), by_label={"cidata": "sr0"}, clocksource="kvm-clock")
tree("kubevirt-cidata", "KubeVirt VM with a cloudInitNoCloud volume", exp("nocloud", hypervisor="kvm"),
     dmi={"sys_vendor": "KubeVirt", "product_name": "None", "product_version": "pc-q35-rhel9.2.0", "chassis_vendor": "Red Hat", "bios_vendor": "KubeVirt"},
     by_label={"cidata": "vdb"}, clocksource="kvm-clock")
tree("nocloud-ci-ds-cmdline", "ci.ds=NoCloud (case as users type it)", exp("nocloud", hypervisor="kvm"),
     dmi=QEMU_DMI, cmdline="root=/dev/vda1 ci.ds=NoCloud", clocksource="kvm-clock")

# ---------------- Vendors by DMI ----------------
tree("digitalocean-droplet", "cloud-init #2798: DigitalOcean droplet", exp("digital-ocean", hypervisor="kvm"),
     dmi={"sys_vendor": "DigitalOcean", "product_name": "Droplet", "product_version": "20171212", "product_serial": "345678901",
          "bios_vendor": "DigitalOcean", "bios_version": "20171212", "chassis_vendor": "QEMU"}, clocksource="kvm-clock")
tree("hcloud-cx22", "Hetzner Cloud CX22", exp("hcloud", hypervisor="kvm"),
     dmi={"sys_vendor": "Hetzner", "product_name": "vServer", "product_version": "20171111", "product_serial": "54193285",
          "bios_vendor": "Hetzner", "bios_version": "20171111", "chassis_vendor": "QEMU"}, clocksource="kvm-clock")
tree("hcloud-cax-arm64", "Hetzner Cloud CAX (Ampere arm64)", exp("hcloud", hypervisor="kvm", arch="arm64"),
     dmi={"sys_vendor": "Hetzner", "product_name": "KVM Virtual Machine", "product_serial": "61234567", "bios_vendor": "Hetzner"},
     cpuinfo=ARM64, dt=None, efi=True)
tree("oracle-oci-vm", "OCI VM: QEMU DMI, asset tag OracleCloud.com", exp("oracle", hypervisor="kvm"),
     dmi=dict(QEMU_DMI, chassis_asset_tag="OracleCloud.com"), clocksource="kvm-clock")
tree("oracle-oci-baremetal", "OCI bare metal: Oracle Corporation server, no hypervisor bit (not VirtualBox)",
     exp("oracle", hypervisor=None), dmi={"sys_vendor": "Oracle Corporation", "product_name": "ORACLE SERVER X9-2c",
                                         "chassis_asset_tag": "OracleCloud.com", "bios_vendor": "American Megatrends Inc."}, cpuinfo=X86_METAL)
tree("equinix-c3-small", "afterburn/cloud-init PR #680: c3.small.x86 with vendor Packet", exp("equinixMetal", mode="metal", hypervisor=None),
     dmi={"sys_vendor": "Packet", "product_name": "c3.small.x86", "board_vendor": "Supermicro", "bios_vendor": "American Megatrends Inc."}, cpuinfo=X86_METAL)
tree("equinix-m3-large-plan-name", "m3.large.x86: only the plan name as product", exp("equinixMetal", mode="metal", hypervisor=None),
     dmi={"sys_vendor": "Supermicro", "product_name": "m3.large.x86", "bios_vendor": "American Megatrends International, LLC."}, cpuinfo=X86_METAL)
tree("exoscale", "Exoscale compute instance", exp("exoscale", hypervisor="kvm"),
     dmi={"sys_vendor": "Exoscale", "product_name": "Exoscale Compute Platform", "bios_vendor": "SeaBIOS"}, clocksource="kvm-clock")
tree("scaleway-instance", "Scaleway DEV1-S", exp("scaleway", hypervisor="kvm"),
     dmi={"sys_vendor": "Scaleway", "product_name": "SCW-DEV1-S", "bios_vendor": "SeaBIOS"}, clocksource="kvm-clock")
tree("scaleway-baremetal-cmdline", "Scaleway Elastic Metal boots with the bare word scaleway", exp("scaleway", mode="cloud", hypervisor=None),
     dmi={"sys_vendor": "Dell Inc.", "product_name": "PowerEdge R6515"}, cpuinfo=X86_METAL, cmdline="root=/dev/sda2 ro scaleway console=ttyS1,115200")
tree("upcloud", "UpCloud server", exp("upcloud", hypervisor="kvm"),
     dmi={"sys_vendor": "UpCloud", "product_name": "Cloud Server", "product_uuid": "00b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d"}, clocksource="kvm-clock")
tree("vultr-vm", "Vultr cloud compute", exp("vultr", hypervisor="kvm"),
     dmi={"sys_vendor": "Vultr", "product_name": "VC2", "bios_vendor": "SeaBIOS"}, clocksource="kvm-clock")
tree("vultr-baremetal-cmdline", "Vultr bare metal: bare word vultr on the command line", exp("vultr", hypervisor=None),
     dmi={"sys_vendor": "Supermicro", "product_name": "Super Server"}, cpuinfo=X86_METAL, cmdline="root=/dev/sda1 vultr")
tree("vultr-etc-marker", "ds-identify's /etc/vultr marker", exp("vultr", hypervisor="kvm"),
     dmi=QEMU_DMI, files={"etc/vultr": ""}, clocksource="kvm-clock")
tree("akamai-linode", "Linode instance", exp("akamai", hypervisor="kvm"),
     dmi={"sys_vendor": "Linode", "product_name": "Compute Instance", "board_serial": "x", "bios_vendor": "SeaBIOS"}, clocksource="kvm-clock")
tree("akamai-new-vendor", "Akamai-branded DMI", exp("akamai", hypervisor="kvm"),
     dmi={"sys_vendor": "Akamai", "product_name": "Compute Instance"}, clocksource="kvm-clock")
tree("alibabacloud-ecs", "Alibaba Cloud ECS", exp("alibabacloud", hypervisor="kvm"),
     dmi={"sys_vendor": "Alibaba Cloud", "product_name": "Alibaba Cloud ECS", "product_version": "pc-i440fx-2.1", "bios_vendor": "SeaBIOS"}, clocksource="kvm-clock")
tree("cloudstack-kvm", "CloudStack KVM guest", exp("cloudstack", hypervisor="kvm"),
     dmi={"sys_vendor": "Apache Software Foundation", "product_name": "CloudStack KVM Hypervisor", "bios_vendor": "SeaBIOS"}, clocksource="kvm-clock")
tree("opennebula-context", "OpenNebula contextualization CD labelled CONTEXT", exp("opennebula", hypervisor="kvm"),
     dmi=QEMU_DMI, by_label={"CONTEXT": "sr0"}, clocksource="kvm-clock")

# ---------------- Raspberry Pi and device-tree boards ----------------
def pi(model, compat, rev, serial="10000000abcdef01", cell=True, arch="8"):
    d = {"model": (model + "\0").encode(), "compatible": b"".join(c.encode() + b"\0" for c in compat), "serial-number": (serial + "\0").encode()}
    if cell:
        d["system/linux,revision"] = int(rev, 16).to_bytes(4, "big")
    return d
tree("rpi4b-8gb", "Pi 4 Model B Rev 1.4, 8 GB (d03114), 64-bit", exp("rpi", mode="metal", arch="arm64", board={"model": "Raspberry Pi 4 Model B Rev 1.4", "type": "4B", "memoryMb": 8192, "revision": "1.4", "manufacturer": "Sony UK"}),
     dt=pi("Raspberry Pi 4 Model B Rev 1.4", ["raspberrypi,4-model-b", "brcm,bcm2711"], "d03114"), cpuinfo=pi_cpuinfo(8, "d03114", "10000000abcdef01", "Raspberry Pi 4 Model B Rev 1.4"))
tree("rpi3b-32bit-proc-device-tree", "Pi 3 B, 32-bit kernel: proc/device-tree only, revision from cpuinfo",
     exp("rpi", mode="metal", arch="arm", board={"type": "3B", "memoryMb": 1024, "revision": "1.2", "manufacturer": "Sony UK"}),
     files={}, dt=dict(pi("Raspberry Pi 3 Model B Rev 1.2", ["raspberrypi,3-model-b", "brcm,bcm2837"], "a02082", cell=False), _base="proc/device-tree"),
     cpuinfo=("processor\t: 0\nmodel name\t: ARMv7 Processor rev 4 (v7l)\nBogoMIPS\t: 38.40\nCPU architecture: 7\n\n"
              "Hardware\t: BCM2835\nRevision\t: a02082\nSerial\t\t: 00000000c0ffee00\nModel\t\t: Raspberry Pi 3 Model B Rev 1.2\n"))
tree("rpi5-4gb", "Pi 5 Model B Rev 1.0, 4 GB (c04170)", exp("rpi", mode="metal", arch="arm64", board={"type": "5", "processor": "BCM2712", "memoryMb": 4096}),
     dt=pi("Raspberry Pi 5 Model B Rev 1.0", ["raspberrypi,5-model-b", "brcm,bcm2712"], "c04170"), cpuinfo=ARM64, efi=False)
tree("rpi-cm4-2gb", "Compute Module 4 Rev 1.0, 2 GB (b03140)", exp("rpi", mode="metal", arch="arm64", board={"type": "CM4", "memoryMb": 2048}),
     dt=pi("Raspberry Pi Compute Module 4 Rev 1.0", ["raspberrypi,4-compute-module", "brcm,bcm2711"], "b03140"), cpuinfo=ARM64)
tree("rpi-zero2w", "Zero 2 W Rev 1.0 (902120)", exp("rpi", mode="metal", arch="arm64", board={"type": "Zero 2 W", "memoryMb": 512, "processor": "BCM2837"}),
     dt=pi("Raspberry Pi Zero 2 W Rev 1.0", ["raspberrypi,model-zero-2-w", "brcm,bcm2837"], "902120"), cpuinfo=ARM64)
tree("rpi400", "Pi 400 Rev 1.0 (c03130)", exp("rpi", mode="metal", arch="arm64", board={"type": "400", "memoryMb": 4096}),
     dt=pi("Raspberry Pi 400 Rev 1.0", ["raspberrypi,400", "brcm,bcm2711"], "c03130"), cpuinfo=ARM64)
tree("rpi4-with-cidata", "Pi image with a cidata seed (cloud-init #5532): the board decides, nocloud is listed",
     exp("rpi", mode="metal", arch="arm64", evidence=["label:mmcblk0p1"], board={"type": "4B"}),
     dt=pi("Raspberry Pi 4 Model B Rev 1.5", ["raspberrypi,4-model-b", "brcm,bcm2711"], "c03115"), cpuinfo=ARM64, by_label={"cidata": "mmcblk0p1"})
tree("rpi-future-board", "a Pi newer than our table: type 0x2f decodes by fields, no allow-list",
     exp("rpi", mode="metal", arch="arm64", board={"type": "unknown (0x2f)", "memoryMb": 16384, "processor": "BCM2712"}),
     dt=pi("Raspberry Pi 7 Model B Rev 1.0", ["raspberrypi,7-model-b", "brcm,bcm2712"], "e042f0"), cpuinfo=ARM64)
tree("rockpro64-not-a-pi", "Pine64 RockPro64: a device-tree board that is not a Pi: metal with its board",
     exp("metal", mode="metal", source="fallback", arch="arm64", board={"model": "Pine64 RockPro64 v2.1", "revision": None}),
     dt={"model": b"Pine64 RockPro64 v2.1\0", "compatible": b"pine64,rockpro64-v2.1\0pine64,rockpro64\0rockchip,rk3399\0"}, cpuinfo=ARM64)

# ---------------- Containers ----------------
tree("docker-on-aws", "Docker on an EC2 host: the DMI is the host's, the container markers win",
     exp("container", mode="container", hypervisor="amazon"), dmi={"sys_vendor": "Amazon EC2", "product_name": "m5.large"},
     files={".dockerenv": ""}, clocksource="kvm-clock")
tree("podman", "Podman's /run/.containerenv", exp("container", mode="container", hypervisor=None), cpuinfo=X86_METAL,
     files={"run/.containerenv": "engine=\"podman-4.9.3\"\n"})
tree("lxc-environ", "LXC: container=lxc in PID 1's environment", exp("container", mode="container", hypervisor=None), cpuinfo=X86_METAL,
     files={"proc/1/environ": b"PATH=/usr/sbin:/usr/bin\0container=lxc\0TERM=linux\0"})
tree("systemd-nspawn", "systemd-nspawn writes /run/systemd/container", exp("container", mode="container", hypervisor=None), cpuinfo=X86_METAL,
     files={"run/systemd/container": "systemd-nspawn\n"})
tree("kubernetes-pod-containerd", "a pod under containerd: no docker/podman markers, only the service-account mount",
     exp("container", mode="container", hypervisor="google"), dmi={"sys_vendor": "Google", "product_name": "Google Compute Engine"},
     clocksource="kvm-clock", files={"var/run/secrets/kubernetes.io/serviceaccount/namespace": "default"})
tree("talos-in-container", "Talos in Docker: /usr/etc/in-container beats the host's talos.platform=metal",
     exp("container", mode="container", hypervisor=None), cpuinfo=X86_METAL, files={"usr/etc/in-container": ""},
     cmdline="BOOT_IMAGE=/boot/vmlinuz talos.platform=metal")

# ---------------- Plain hardware and generic hypervisors ----------------
tree("qemu-tcg-i440fx", "plain QEMU without KVM (TCG): a hypervisor is not a cloud",
     exp("metal", mode="metal", source="fallback", hypervisor="qemu"), dmi=QEMU_DMI, clocksource="tsc", files={"sys/firmware/qemu_fw_cfg/rev": "3\n"})
tree("qemu-kvm-q35", "QEMU/KVM q35: QEMU DMI but kvm-clock (systemd #5318: CPUID beats DMI)",
     exp("metal", mode="metal", source="fallback", hypervisor="kvm"), dmi=Q35_DMI, clocksource="kvm-clock", efi=True)
tree("kvm-guest-tsc-current", "a KVM guest running on tsc (as AWS and GCE advise): kvm-clock is still registered",
     exp("metal", mode="metal", source="fallback", hypervisor="kvm"), dmi=Q35_DMI, clocksource="tsc",
     files={"sys/devices/system/clocksource/clocksource0/available_clocksource": "tsc kvm-clock acpi_pm \n"})
# talos.config= is read only by Talos's metal platform: positive evidence for metal, scored so that it
# only replaces the fallback (a cloud that would win without it still wins with it).
TALOS_CMDLINE = ("BOOT_IMAGE=/A/vmlinuz init_on_alloc=1 slab_nomerge pti=on consoleblank=0 nvme_core.io_timeout=4294967295 "
                 "printk.devkmsg=on ima_template=ima-ng ima_appraise=fix ima_hash=sha512 console=ttyS0 ")
tree("metal-qemu-talos-config", "Talos metal image in QEMU/KVM installed without a platform; config from talos.config=URL (QEMU user network's host)",
     exp("metal", mode="metal", hypervisor="kvm", evidence=["cmdline:talos.config"]), dmi=Q35_DMI, clocksource="kvm-clock", efi=True,
     cmdline=TALOS_CMDLINE + "talos.config=http://10.0.2.2:8080/config.yaml?uuid=${uuid}")
tree("metal-iso-talos-config", "bare metal booted with talos.config=metal-iso and a metal-iso config disc (Talos docs)",
     exp("metal", mode="metal", hypervisor=None, evidence=["cmdline:talos.config"]),
     dmi={"sys_vendor": "Supermicro", "product_name": "SYS-510T-MR", "board_vendor": "Supermicro", "board_name": "X12STH-SYS",
          "bios_vendor": "American Megatrends International, LLC.", "bios_version": "1.5"},
     cpuinfo=X86_METAL, cmdline=TALOS_CMDLINE + "talos.config=metal-iso", by_label={"metal-iso": "sr0"}, efi=True)
tree("metal-talos-config-none", "talos.config=none says there is no config source: not evidence, metal stays the fallback",
     exp("metal", mode="metal", source="fallback", hypervisor="kvm"), dmi=Q35_DMI, clocksource="kvm-clock",
     cmdline=TALOS_CMDLINE + "talos.config=none")
tree("aws-nitro-talos-config", "a metal image booted on EC2 with talos.config=: the DMI identity wins, metal only speaks",
     exp("aws", hypervisor="amazon", evidence=["dmi:sys_vendor", "cmdline:talos.config"]),
     dmi={"sys_vendor": "Amazon EC2", "product_name": "m6i.large", "product_uuid": "ec2b7e2a-61d4-4c39-a1f2-5d9e0b4c7a13",
          "chassis_asset_tag": "Amazon EC2", "bios_vendor": "Amazon EC2", "bios_version": "1.0"},
     clocksource="kvm-clock", cmdline=TALOS_CMDLINE + "talos.config=https://provision.example.com/talos/config?u=${uuid}")
tree("nocloud-cidata-talos-config", "a cidata seed next to talos.config=: the NoCloud volume (60) beats talos.config= (50)",
     exp("nocloud", hypervisor="kvm", evidence=["label:sr0", "cmdline:talos.config"]), dmi=Q35_DMI, clocksource="kvm-clock",
     by_label={"cidata": "sr0"}, cmdline=TALOS_CMDLINE + "talos.config=http://10.0.2.2:8080/config.yaml")
tree("rhel-kvm", "cloud-init #5288: RHEL KVM product KVM, vendor Red Hat", exp("metal", mode="metal", source="fallback", hypervisor="kvm"),
     dmi={"sys_vendor": "Red Hat", "product_name": "KVM", "product_version": "RHEL-9.4.0 PC (Q35 + ICH9, 2009)", "board_name": "RHEL-AV"})
tree("firecracker", "Firecracker microVM: no SMBIOS, kvm-clock", exp("metal", mode="metal", source="fallback", hypervisor="kvm"),
     clocksource="kvm-clock", cmdline="console=ttyS0 reboot=k panic=1 pci=off root=/dev/vda rw")
tree("xen-hvm-plain", "plain Xen HVM guest (not EC2)", exp("metal", mode="metal", source="fallback", hypervisor="xen"),
     dmi={"sys_vendor": "Xen", "product_name": "HVM domU", "product_version": "4.17.3", "bios_vendor": "Xen"},
     files={"sys/hypervisor/type": "xen\n", "sys/hypervisor/uuid": "4f3c2b1a-0918-2736-4554-637281900a1b\n"}, clocksource="xen")
tree("xen-dom0", "Xen dom0 is the host, not a guest", exp("metal", mode="metal", source="fallback", hypervisor=None),
     dmi={"sys_vendor": "Dell Inc.", "product_name": "PowerEdge R740"}, cpuinfo=X86_VM,
     files={"sys/hypervisor/type": "xen\n", "proc/xen/capabilities": "control_d\n"}, clocksource="xen")
tree("virtualbox", "VirtualBox guest", exp("metal", mode="metal", source="fallback", hypervisor="oracle"),
     dmi={"sys_vendor": "innotek GmbH", "product_name": "VirtualBox", "product_version": "1.2", "bios_vendor": "innotek GmbH", "board_vendor": "Oracle Corporation"},
     clocksource="tsc")
tree("parallels-desktop", "Parallels Desktop guest", exp("metal", mode="metal", source="fallback", hypervisor="parallels"),
     dmi={"sys_vendor": "Parallels Software International Inc.", "product_name": "Parallels Virtual Platform", "bios_vendor": "Parallels Software International Inc."},
     clocksource="tsc")
tree("bhyve-guest", "FreeBSD bhyve guest", exp("metal", mode="metal", source="fallback", hypervisor="bhyve"),
     dmi={"sys_vendor": "BHYVE", "product_name": "BHYVE", "bios_vendor": "BHYVE"}, clocksource="tsc")
tree("apple-virtualization", "macOS Virtualization.framework arm64 guest", exp("metal", mode="metal", source="fallback", hypervisor="apple", arch="arm64"),
     dmi={"sys_vendor": "Apple Inc.", "product_name": "Apple Virtualization Generic Platform", "bios_vendor": "EFI Development Kit II / OVMF"},
     cpuinfo=ARM64, efi=True)
tree("nutanix-ahv", "uyuni #2112: Nutanix AHV is KVM (systemd says microsoft)", exp("metal", mode="metal", source="fallback", hypervisor="kvm"),
     dmi={"sys_vendor": "Nutanix", "product_name": "AHV", "bios_vendor": "SeaBIOS"}, clocksource="tsc")
tree("tilaa-vps", "systemd #5318: Tilaa VPS (not a Bronze platform): KVM underneath", exp("metal", mode="metal", source="fallback", hypervisor="kvm"),
     dmi={"sys_vendor": "Tilaa", "product_name": "VPS"}, clocksource="kvm-clock")
tree("dell-poweredge", "plain server", exp("metal", mode="metal", source="fallback", hypervisor=None),
     dmi={"sys_vendor": "Dell Inc.", "product_name": "PowerEdge R650", "product_serial": "8XJ2K93", "chassis_asset_tag": "", "bios_vendor": "Dell Inc.", "bios_version": "1.11.2"},
     cpuinfo=X86_METAL, efi=True, by_label={"EFI": "sda1", "STATE": "sda5", "EPHEMERAL": "sda6"})
tree("supermicro-no-dmi-perms", "non-root view: serial and uuid unreadable (cloud-init NixOS/nixos-hardware#49)",
     exp("metal", mode="metal", source="fallback", hypervisor=None), cpuinfo=X86_METAL,
     dmi={"sys_vendor": "Supermicro", "product_name": "SYS-5019C-MR"}, setup={"chmod000": ["sys/class/dmi/id/product_serial"]},
     files={"sys/class/dmi/id/product_serial": "S123456X0000000\n"})
tree("intel-nuc-metal-efi", "a NUC with UEFI", exp("metal", mode="metal", source="fallback"),
     dmi={"sys_vendor": "Intel(R) Client Systems", "product_name": "NUC11PAHi5", "board_vendor": "Intel Corporation", "board_name": "NUC11PABi5"},
     cpuinfo=X86_METAL, efi=True)

# ---------------- Kernel command line ----------------
tree("cmdline-talos-aws-on-qemu", "talos.platform=aws is authoritative, even on plain QEMU", exp("aws", source="cmdline", hypervisor="kvm", evidence=["cmdline:talos.platform"]),
     dmi=QEMU_DMI, cmdline="BOOT_IMAGE=/A/vmlinuz talos.platform=aws console=ttyS0", clocksource="kvm-clock")
tree("cmdline-bronze-beats-talos", "bronze.platform= wins over talos.platform=", exp("gcp", source="cmdline", hypervisor=None),
     cpuinfo=X86_METAL, cmdline="talos.platform=metal bronze.platform=gcp")
tree("cmdline-metal-on-aws", "talos.platform=metal on EC2 hardware: the command line wins", exp("metal", mode="metal", source="cmdline", hypervisor="amazon"),
     dmi={"sys_vendor": "Amazon EC2", "product_name": "t3.small"}, cmdline="talos.platform=metal", clocksource="kvm-clock")
tree("cmdline-packet-alias", "talos.platform=packet is Talos's old name for equinixMetal", exp("equinixMetal", mode="metal", source="cmdline", hypervisor=None),
     cpuinfo=X86_METAL, cmdline="talos.platform=packet")
tree("cmdline-unknown-platform", "talos.platform=foo: a clear error, exit 1", {"error": "unknown platform \"foo\" in talos.platform="},
     dmi=QEMU_DMI, cmdline="talos.platform=foo")
tree("cmdline-empty-platform", "talos.platform= with no value", {"error": "unknown platform \"\" in talos.platform="},
     dmi=QEMU_DMI, cmdline="talos.platform=")
tree("ignition-openstack", "ignition.platform.id=openstack (CoreOS images) on plain QEMU", exp("openstack", hypervisor="kvm"),
     dmi=QEMU_DMI, cmdline="ignition.platform.id=openstack ignition.firstboot", clocksource="kvm-clock")
tree("cmdline-repeated-last-wins", "talos.platform given twice: the kernel's last-wins rule", exp("vultr", source="cmdline", hypervisor="kvm"),
     dmi=QEMU_DMI, cmdline="talos.platform=aws talos.platform=vultr", clocksource="kvm-clock")

# ---------------- Hostile ----------------
tree("hostile-binary-dmi", "binary garbage and 0xFF-filled DMI fields: unavailable, never an exception",
     exp("metal", mode="metal", source="fallback", hypervisor=None, evidence=["dmi:sys_vendor"]), cpuinfo=X86_METAL,
     files={"sys/class/dmi/id/sys_vendor": bytes(range(0, 256)), "sys/class/dmi/id/product_name": b"\xff" * 32,
            "sys/class/dmi/id/product_uuid": b"\x1b[2J\x1b[31mEC2 evil\x07\n"})
tree("hostile-10mib-files", "10 MiB DMI value, cmdline and cpuinfo (made at test time): bounded reads",
     exp("metal", mode="metal", source="fallback", arch="amd64", hypervisor=None, evidence=["dmi:product_name"]), cpuinfo=None, cmdline=None,
     setup={"big": {"sys/class/dmi/id/product_name": ["Amazon EC2", 10 << 20], "proc/cmdline": ["talos.platform=", 10 << 20],
                    "proc/cpuinfo": [X86_METAL, 10 << 20]}})
tree("hostile-symlink-loops", "symlink loops in by-label and in DMI", exp("nocloud", hypervisor="kvm"),
     dmi=QEMU_DMI, clocksource="kvm-clock", by_label={"cidata": "sr0"},
     links={"dev/disk/by-label/loop": "loop", "dev/disk/by-label/a": "b", "dev/disk/by-label/b": "a",
            "dev/disk/by-label/escape": "../../../../../../../etc/passwd", "sys/class/dmi/id/sys_vendor": "sys_vendor",
            "sys/class/dmi/id/board_name": "../id/board_name"})
tree("hostile-unreadable", "a directory, a FIFO and an unreadable file where DMI files belong",
     exp("metal", mode="metal", source="fallback", hypervisor=None), cpuinfo=X86_METAL,
     setup={"mkdir": ["sys/class/dmi/id/sys_vendor"], "fifo": ["sys/class/dmi/id/product_name", "proc/cmdline", "dev/vda"],
            "chmod000": ["sys/class/dmi/id/chassis_asset_tag"]},
     files={"sys/class/dmi/id/chassis_asset_tag": "Default string\n", "sys/class/block/vda/size": "2048\n"})
tree("hostile-devicetree-garbage", "a device tree with binary model and an oversized compatible",
     exp("metal", mode="metal", source="fallback", arch="arm64", board=None), cpuinfo=ARM64,
     dt={"model": b"\x00\x01\x02Raspberry\xff", "compatible": b"raspberrypi," + b"x" * 9000 + b"\0"})
tree("hostile-block-garbage", "10 MiB of random bytes on a block device: no filesystem, no hang",
     exp("metal", mode="metal", source="fallback", hypervisor="qemu"), dmi=QEMU_DMI,
     setup={"random": {"dev/vdb": 10 << 20}}, files={"sys/class/block/vdb/size": "20480\n"})
tree("hostile-cmdline-binary", "a binary proc/cmdline is unavailable, not a forced platform", exp("metal", mode="metal", source="fallback", hypervisor=None),
     cpuinfo=X86_METAL, cmdline=None, files={"proc/cmdline": b"talos.platform=\xff\xfe\x00aws\n"})
tree("hostile-label-names", "hostile by-label names: escapes, huge, control characters", exp("metal", mode="metal", source="fallback", hypervisor=None),
     cpuinfo=X86_METAL, by_label={"\\x63idata\\x00": "sr0", "x" * 200: "sda", "\\x1b[31mred": "sdb"})
tree("hostile-empty-tree", "nothing at all under the root", exp("metal", mode="metal", source="fallback", hypervisor=None, arch="unknown"), cpuinfo=None, cmdline=None)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def make_image(kind, label, size_mib):
    tmp = tempfile.mkdtemp()
    try:
        img = os.path.join(tmp, "img")
        if kind == "fat":
            subprocess.run(["truncate", "-s", f"{size_mib}M", img], check=True)
            subprocess.run(["mkfs.vfat", "-n", label, "-i", "1234ABCD", img], check=True, capture_output=True)
        else:
            src = os.path.join(tmp, "src", "openstack", "latest")
            os.makedirs(src)
            write(os.path.join(src, "meta_data.json"), '{"uuid": "83679162-1378-4288-a2d4-70e13ec132aa"}\n')
            subprocess.run(["genisoimage", "-quiet", "-o", img, "-V", label, "-J", "-r", os.path.join(tmp, "src")], check=True)
        data = open(img, "rb").read()
        # The probe reads the first 64 KiB at most; the rest is left out of the repository.
        return data[:64 * 1024]
    finally:
        shutil.rmtree(tmp)


def build(t):
    d = os.path.join(HERE, t["name"])
    shutil.rmtree(d, ignore_errors=True)
    r = os.path.join(d, "root")
    os.makedirs(r)
    for k, v in t["dmi"].items():
        write(os.path.join(r, "sys/class/dmi/id", k), v + "\n")
    if t["cpuinfo"] is not None:
        write(os.path.join(r, "proc/cpuinfo"), t["cpuinfo"])
    if t["cmdline"] is not None:
        write(os.path.join(r, "proc/cmdline"), t["cmdline"] + "\n")
    if t["clocksource"]:
        write(os.path.join(r, "sys/devices/system/clocksource/clocksource0/current_clocksource"), t["clocksource"] + "\n")
    if t["efi"]:
        write(os.path.join(r, "sys/firmware/efi/fw_platform_size"), "64\n")
    if t["dt"] is not None:
        dt = dict(t["dt"])
        base = dt.pop("_base", "sys/firmware/devicetree/base")
        os.makedirs(os.path.join(r, base), exist_ok=True)
        for k, v in dt.items():
            write(os.path.join(r, base, k), v)
    for k, v in t["files"].items():
        write(os.path.join(r, k), v)
    if t["by_label"] is not None:
        bl = os.path.join(r, "dev/disk/by-label")
        os.makedirs(bl, exist_ok=True)
        for label, dev in t["by_label"].items():
            os.symlink("../../" + dev, os.path.join(bl, label))
    for k, v in t["links"].items():
        p = os.path.join(r, k)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if os.path.lexists(p):
            os.remove(p)
        os.symlink(v, p)
    for dev, kind, label, start in t["images"]:
        img = make_image(kind, label, 8 if kind == "fat" else 1)
        if start is None:
            write(os.path.join(r, "dev", dev), img)
            write(os.path.join(r, "sys/class/block", dev, "size"), "16384\n")
        else:
            write(os.path.join(r, "dev", dev), b"\0" * (start * 512) + img)
            write(os.path.join(r, "sys/class/block", dev, "size"), "2097152\n")
            write(os.path.join(r, "sys/class/block", dev + "1", "size"), "16384\n")
            write(os.path.join(r, "sys/class/block", dev + "1", "start"), f"{start}\n")
            write(os.path.join(r, "sys/class/block", dev + "1", "partition"), "1\n")
    e = dict(t["expect"])
    e = {"about": t["about"], **e}
    if t["setup"]:
        e["setup"] = t["setup"]
    # git does not keep empty directories; keep the root present.
    write(os.path.join(r, ".keep"), "")
    write(os.path.join(d, "expected.json"), json.dumps(e, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    only = set(sys.argv[1:])
    for t in TREES:
        if not only or t["name"] in only:
            build(t)
    print(f"{len(TREES)} trees")
