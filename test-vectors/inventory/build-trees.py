#!/usr/bin/env python3
"""Builds the inventory fixture trees (sysfs/procfs excerpts with the kernel's symlink layout).

Run from this folder: ./build-trees.py  (rewrites x86-server/, laptop/, cloud-vm/, rpi4/, rpi5/).
Values follow real machines of each kind (a 2-socket Xeon server, a ThinkPad T14 Gen 3, an AWS
m5.large Nitro VM, a Raspberry Pi 4 Model B and 5 Model B); serials and MACs are made up.
"""
import os, shutil, struct

HERE = os.path.dirname(os.path.abspath(__file__))
EFI = "8be4df61-93ca-11d2-aa0d-00e098032b8c"


class Tree:
    def __init__(self, name):
        self.root = os.path.join(HERE, name)
        shutil.rmtree(self.root, ignore_errors=True)
        os.makedirs(self.root)

    def p(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, data):
        path = self.p(rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else (data + "\n").encode())

    def link(self, rel, target_rel):
        """A relative symlink from rel to target_rel (both below the root), as sysfs has them."""
        path = self.p(rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.makedirs(self.p(target_rel), exist_ok=True)
        if os.path.lexists(path):
            os.remove(path)
        target = os.path.relpath(self.p(target_rel), os.path.dirname(path))
        if target.split("/")[-1] == "..":
            # The kernel writes links to an ancestor as "../../../0000:18:00.0", naming the target.
            up = target.count("..") + 1
            target = "/".join([".."] * up + [os.path.basename(self.p(target_rel))])
        os.symlink(target, path)

    def device(self, devpath, attrs, bus=None, driver=None, subsystem_links=()):
        d = "sys/devices/" + devpath
        for k, v in attrs.items():
            self.write(d + "/" + k, v)
        os.makedirs(self.p(d), exist_ok=True)
        if bus:
            self.link(d + "/subsystem", "sys/bus/" + bus)
            self.link("sys/bus/%s/devices/%s" % (bus, os.path.basename(devpath)), d)
        if driver:
            self.link(d + "/driver", "sys/bus/%s/drivers/%s" % (bus, driver))
        return d

    def net(self, name, devdir, mac, driver_dev=True, operstate="up", carrier="1", speed="1000", mtu="1500"):
        n = devdir + "/net/" + name
        self.write(n + "/address", mac)
        self.write(n + "/operstate", operstate)
        if carrier is not None:
            self.write(n + "/carrier", carrier)
        if speed is not None:
            self.write(n + "/speed", speed)
        self.write(n + "/mtu", mtu)
        self.write(n + "/type", "1")
        if driver_dev:
            self.link(n + "/device", devdir)
        self.link("sys/class/net/" + name, n)

    def virtual_net(self, name, mac="00:00:00:00:00:00"):
        n = "sys/devices/virtual/net/" + name
        self.write(n + "/address", mac)
        self.write(n + "/operstate", "unknown")
        self.write(n + "/mtu", "65536" if name == "lo" else "1500")
        self.link("sys/class/net/" + name, n)

    def pci(self, addr, vendor, device, sv, sd, cls, rev, driver=None, parent="pci0000:00"):
        modalias = "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X" % (
            int(vendor, 16), int(device, 16), int(sv, 16), int(sd, 16),
            int(cls, 16) >> 16, (int(cls, 16) >> 8) & 0xFF, int(cls, 16) & 0xFF)
        return self.device(parent + "/" + addr, {
            "vendor": "0x" + vendor, "device": "0x" + device, "subsystem_vendor": "0x" + sv,
            "subsystem_device": "0x" + sd, "class": "0x" + cls, "revision": "0x" + rev, "modalias": modalias,
        }, bus="pci", driver=driver)

    def usb_device(self, parent, name, vid, pid, cls, speed, manufacturer=None, product=None, interfaces=()):
        d = parent + "/" + name
        attrs = {"idVendor": vid, "idProduct": pid, "bDeviceClass": cls, "speed": speed}
        if manufacturer:
            attrs["manufacturer"] = manufacturer
        if product:
            attrs["product"] = product
        self.device(d, attrs, bus="usb", driver="usb")
        for (iname, icls, isub, iproto, drv) in interfaces:
            mod = "usb:v%sp%sd0100dc%sdsc00dp00ic%sisc%sip%sin%s" % (
                vid.upper(), pid.upper(), cls, icls, isub, iproto, iname.split(".")[-1].zfill(2))
            self.device(d + "/" + iname, {"bInterfaceClass": icls, "modalias": mod}, bus="usb", driver=drv)
        return "sys/devices/" + d

    def platform(self, name, compatible=None, driver=None, modalias=None, parent="platform"):
        d = parent + "/" + name
        attrs = {}
        if modalias is None and compatible:
            modalias = "of:N%sT(null)" % name.split("@")[0].split(".")[-1] + "".join("C" + c for c in compatible)
        if modalias:
            attrs["modalias"] = modalias
        dd = self.device(d, attrs, bus="platform", driver=driver)
        if compatible:
            node = "sys/firmware/devicetree/base/soc/" + name
            self.write(node + "/compatible", b"".join(c.encode() + b"\0" for c in compatible))
            self.link(dd + "/of_node", node)
        return dd

    def cpus(self, topology, online=True):
        """topology: list of (package, core) per logical CPU."""
        for i, (pkg, core) in enumerate(topology):
            c = "sys/devices/system/cpu/cpu%d" % i
            self.write(c + "/topology/physical_package_id", str(pkg))
            self.write(c + "/topology/core_id", str(core))
            if i > 0:
                self.write(c + "/online", "1")
        self.write("sys/devices/system/cpu/online", "0-%d" % (len(topology) - 1))

    def efi(self, secure_boot, setup_mode=0):
        self.write("sys/firmware/efi/fw_platform_size", "64")
        if secure_boot is not None:
            self.write("sys/firmware/efi/efivars/SecureBoot-" + EFI, bytes([6, 0, 0, 0, secure_boot]))
            self.write("sys/firmware/efi/efivars/SetupMode-" + EFI, bytes([6, 0, 0, 0, setup_mode]))

    def dmi_id(self, **kv):
        for k, v in kv.items():
            self.write("sys/class/dmi/id/" + k, v)

    def smbios(self, structures, version=(3, 3)):
        table = b"".join(structures)
        if version[0] >= 3:
            ep = bytearray(b"_SM3_" + bytes([0, 0x18, version[0], version[1], 0, 1, 0]) + struct.pack("<IQ", len(table), 0x7b6d9000))
            ep[5] = (-sum(ep)) & 0xFF
        else:
            ep = bytearray(0x1F)
            ep[0:4] = b"_SM_"
            ep[5:8] = bytes([0x1F, version[0], version[1]])
            struct.pack_into("<H", ep, 8, max(len(x) for x in structures))
            ep[0x10:0x15] = b"_DMI_"
            struct.pack_into("<HIHB", ep, 0x16, len(table), 0x000F5A40, len(structures), version[0] << 4 | version[1])
            ep[0x15] = (-sum(ep[0x10:0x1F])) & 0xFF
            ep[4] = (-sum(ep)) & 0xFF
        self.write("sys/firmware/dmi/tables/smbios_entry_point", bytes(ep))
        self.write("sys/firmware/dmi/tables/DMI", table)


def structure(stype, handle, body, strings):
    data = bytes([stype, 4 + len(body)]) + struct.pack("<H", handle) + body
    s = b"".join(x.encode() + b"\0" for x in strings) if strings else b"\0"
    return data + s + b"\0"


def t0(vendor, version, date, uefi=True):
    body = struct.pack("<BBHBBQBBBBBBH", 1, 2, 0xF000 if not uefi else 0, 3, 0xFF, 0x0B_C9_98_80,
                       0x03, 0x0D if uefi else 0x05, 5, 14, 0xFF, 0xFF, 64)
    return structure(0, 0, body, [vendor, version, date])


def t1(man, prod, ver, serial, uuid_le, sku, family):
    body = bytes([1, 2, 3, 4]) + uuid_le + bytes([6, 5, 6])
    return structure(1, 1, body, [man, prod, ver, serial, sku, family])


def t2(man, prod, ver, serial):
    body = bytes([1, 2, 3, 4, 5, 0x09, 6]) + struct.pack("<H", 3) + bytes([0x0A, 0])
    return structure(2, 2, body, [man, prod, ver, serial, "Default string", "Default string"])


def t3(man, ctype, serial):
    body = bytes([1, ctype, 0, 2, 0, 3, 3, 3, 3]) + struct.pack("<I", 0) + bytes([0, 1, 0, 0, 3])
    return structure(3, 3, body, [man, serial, "Default string"])


def t4(handle, socket, man, version, cores, threads, family=0xB3, mhz=2400):
    body = bytes([1, 3, family, 2]) + bytes([0x54, 0x06, 0x05, 0x00, 0xFF, 0xFB, 0xEB, 0xBF]) + bytes([3, 0x8C])
    body += struct.pack("<HHHBB", 100, 4000, mhz, 0x41, 0x3E) + struct.pack("<HHH", 0xFFFF, 0xFFFF, 0xFFFF)
    body += bytes([0, 0, 0, cores, cores, threads]) + struct.pack("<HH", 0xFC, family)
    body += struct.pack("<HHH", cores, cores, threads)
    return structure(4, handle, body, [socket, man, version])


def t17(handle, locator, bank, size_mb, mtype, speed, man, serial, part):
    size = size_mb if size_mb < 0x7FFF else 0x7FFF
    body = struct.pack("<HHHHH", 0x20, 0xFFFE, 72 if man else 0, 64 if man else 0, size if man else 0)
    body += bytes([0x09, 0, 1, 2, mtype]) + struct.pack("<H", 0x2080 if man else 0)
    body += struct.pack("<H", speed) + bytes([3, 4, 0, 5, 2]) + struct.pack("<I", size_mb if size_mb >= 0x7FFF else 0)
    body += struct.pack("<HHHH", speed, 1200, 1200, 1200)
    strings = [locator, bank] + ([man, serial, part] if man else ["NO DIMM", "NO DIMM", "NO DIMM"])
    return structure(17, handle, body, strings)


def end():
    return structure(127, 0xFFFF, b"", [])


X86_FLAGS_SKYLAKE_SP = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr "
    "sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl "
    "xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma "
    "cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand "
    "lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 cdp_l3 invpcid_single intel_ppin ssbd mba ibrs ibpb stibp "
    "tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm "
    "cqm mpx rdt_a avx512f avx512dq rdseed adx smap clflushopt clwb intel_pt avx512cd avx512bw avx512vl "
    "xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local dtherm ida arat pln pts "
    "pku ospke avx512_vnni md_clear flush_l1d arch_capabilities")
X86_FLAGS_ALDER_LAKE = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx "
    "fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl "
    "xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 "
    "ssse3 sdbg fma cx16 xtpr pdcm sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c "
    "rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb ssbd ibrs ibpb stibp ibrs_enhanced tpr_shadow flexpriority "
    "ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb intel_pt "
    "sha_ni xsaveopt xsavec xgetbv1 xsaves split_lock_detect avx_vnni dtherm ida arat pln pts hwp hwp_notify "
    "hwp_act_window hwp_epp hwp_pkg_req hfi vnmi umip pku ospke waitpkg gfni vaes vpclmulqdq rdpid movdiri "
    "movdir64b fsrm md_clear serialize arch_lbr ibt flush_l1d arch_capabilities")
X86_FLAGS_NITRO = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse "
    "sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid aperfmperf "
    "tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes "
    "xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single pti fsgsbase tsc_adjust bmi1 hle "
    "avx2 smep bmi2 erms invpcid rtm mpx avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw "
    "avx512vl xsaveopt xsavec xgetbv1 xsaves ida arat pku ospke")


def x86_cpuinfo(model, family, model_no, stepping, flags, topo, mhz, vendor="GenuineIntel"):
    out = []
    siblings = {}
    for pkg, core in topo:
        siblings[pkg] = siblings.get(pkg, 0) + 1
    cores_per_pkg = {}
    for pkg, core in topo:
        cores_per_pkg.setdefault(pkg, set()).add(core)
    for i, (pkg, core) in enumerate(topo):
        out.append("\n".join([
            "processor\t: %d" % i, "vendor_id\t: %s" % vendor, "cpu family\t: %d" % family,
            "model\t\t: %d" % model_no, "model name\t: %s" % model, "stepping\t: %d" % stepping,
            "cpu MHz\t\t: %s" % mhz, "physical id\t: %d" % pkg, "siblings\t: %d" % siblings[pkg],
            "core id\t\t: %d" % core, "cpu cores\t: %d" % len(cores_per_pkg[pkg]), "apicid\t\t: %d" % (i * 2),
            "fpu\t\t: yes", "fpu_exception\t: yes", "cpuid level\t: 22", "wp\t\t: yes", "flags\t\t: %s" % flags,
            "bogomips\t: 4800.00", "clflush size\t: 64", "cache_alignment\t: 64",
            "address sizes\t: 46 bits physical, 48 bits virtual", "power management:"]))
    return "\n\n".join(out) + "\n"


def arm_cpuinfo(n, part, features):
    blocks = []
    for i in range(n):
        blocks.append("\n".join([
            "processor\t: %d" % i, "BogoMIPS\t: 108.00", "Features\t: %s" % features, "CPU implementer\t: 0x41",
            "CPU architecture: 8", "CPU variant\t: 0x%x" % (0 if part == 0xd08 else 4), "CPU part\t: 0x%03x" % part,
            "CPU revision\t: %d" % (3 if part == 0xd08 else 1)]))
    return "\n\n".join(blocks) + "\n"


def meminfo(total_kb):
    return ("MemTotal:       %d kB\nMemFree:        %d kB\nMemAvailable:   %d kB\nBuffers:          102400 kB\n"
            "Cached:          2048000 kB\nSwapTotal:             0 kB\n" % (total_kb, total_kb // 2, total_kb * 3 // 4))


def uuid_le(text):
    b = bytes.fromhex(text.replace("-", ""))
    return b[3::-1] + b[5:3:-1] + b[7:5:-1] + b[8:]


def x86_server():
    t = Tree("x86-server")
    topo = [(p, c) for p in (0, 1) for c in (0, 1)] * 2
    t.write("proc/cpuinfo", x86_cpuinfo("Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", 6, 85, 7, X86_FLAGS_SKYLAKE_SP, topo, "3000.000"))
    t.cpus(topo)
    t.write("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "4000000")
    t.write("proc/meminfo", meminfo(131_503_840))
    t.smbios([
        t0("American Megatrends Inc.", "3.4", "06/25/2021"),
        t1("Supermicro", "SYS-1029P-WTR", "0123456789", "S123456X1234567", uuid_le("00000000-0000-0000-0000-ac1f6b4c2a10"), "To Be Filled By O.E.M.", "To Be Filled By O.E.M."),
        t2("Supermicro", "X11DDW-L", "1.10", "ZM19AS012345"),
        t3("Supermicro", 0x17, "C1160LK19A12345"),
        t4(0x40, "CPU1", "Intel(R) Corporation", "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", 24, 48),
        t4(0x41, "CPU2", "Intel(R) Corporation", "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", 24, 48),
        t17(0x50, "P1-DIMMA1", "P0_Node0_Channel0_Dimm0", 65536, 0x1A, 2933, "Samsung", "03A1B2C3", "M393A8G40BB4-CWE  "),
        t17(0x51, "P1-DIMMA2", "P0_Node0_Channel0_Dimm1", 0, 0x02, 0, None, None, None),
        t17(0x52, "P2-DIMMA1", "P1_Node1_Channel0_Dimm0", 65536, 0x1A, 2933, "Samsung", "03A1B2C4", "M393A8G40BB4-CWE  "),
        structure(38, 0x60, bytes([1, 0x20, 0x20, 0xFF]) + struct.pack("<Q", 0xCA3) + bytes([0x00, 0x00]), []),
        structure(41, 0x70, bytes([1, 0x85, 1]) + struct.pack("<H", 0) + bytes([0x18, 0x00]), ["Onboard LAN1"]),
        structure(41, 0x71, bytes([1, 0x85, 2]) + struct.pack("<H", 0) + bytes([0x18, 0x01]), ["Onboard LAN2"]),
        end()])
    t.dmi_id(sys_vendor="Supermicro", product_name="SYS-1029P-WTR", board_vendor="Supermicro", board_name="X11DDW-L",
             bios_vendor="American Megatrends Inc.", bios_version="3.4", bios_date="06/25/2021", chassis_type="23")
    t.efi(secure_boot=1)
    t.write("sys/firmware/efi/efivars/.keep", b"")
    igb0 = t.pci("0000:18:00.0", "8086", "1533", "15d9", "1533", "020000", "03", driver="igb", parent="pci0000:17/0000:17:00.0")
    igb1 = t.pci("0000:18:00.1", "8086", "1533", "15d9", "1533", "020000", "03", driver="igb", parent="pci0000:17/0000:17:00.0")
    t.pci("0000:17:00.0", "8086", "2030", "15d9", "0000", "060400", "04", driver="pcieport", parent="pci0000:17")
    t.pci("0000:00:00.0", "8086", "2020", "15d9", "095d", "060000", "04")
    nvme = t.pci("0000:5e:00.0", "144d", "a808", "144d", "a801", "010802", "00", driver="nvme", parent="pci0000:5d")
    xhci = t.pci("0000:00:14.0", "8086", "a1af", "15d9", "095d", "0c0330", "09", driver="xhci_hcd")
    t.pci("0000:00:1f.4", "8086", "a1a3", "15d9", "095d", "0c0500", "09", driver="i801_smbus")
    t.pci("0000:03:00.0", "1a03", "2000", "15d9", "095d", "030000", "41", driver="ast", parent="pci0000:00/0000:00:1c.0")
    t.net("eno1", igb0, "ac:1f:6b:4c:2a:10")
    t.net("eno2", igb1, "ac:1f:6b:4c:2a:11", operstate="down", carrier=None, speed=None)
    t.virtual_net("lo")
    t.virtual_net("docker0", "02:42:5a:11:22:33")
    t.virtual_net("bond0", "ac:1f:6b:4c:2a:10")
    usb = xhci[len("sys/devices/"):] + "/usb1"
    t.device(usb, {"idVendor": "1d6b", "idProduct": "0002", "bDeviceClass": "09", "speed": "480",
                   "manufacturer": "Linux 6.1.0-28-amd64 xhci-hcd", "product": "xHCI Host Controller"}, bus="usb", driver="usb")
    t.device(usb + "/1-0:1.0", {"bInterfaceClass": "09", "modalias": "usb:v1D6Bp0002d0601dc09dsc00dp01ic09isc00ip00in00"}, bus="usb", driver="hub")
    t.usb_device(usb, "1-1", "0557", "2419", "00", "12", "American Megatrends Inc.", "Virtual Keyboard and Mouse",
                 [("1-1:1.0", "03", "01", "01", "usbhid"), ("1-1:1.1", "03", "01", "02", "usbhid")])
    tpm = t.device("pnp0/00:05", {}, bus="pnp", driver="tpm_tis")
    t.write("sys/devices/pnp0/00:05/tpm/tpm0/tpm_version_major", "2")
    t.link("sys/devices/pnp0/00:05/tpm/tpm0/device", tpm)
    t.link("sys/class/tpm/tpm0", "sys/devices/pnp0/00:05/tpm/tpm0")
    wd = t.platform("iTCO_wdt", driver="iTCO_wdt", modalias="platform:iTCO_wdt")
    t.write(wd + "/watchdog/watchdog0/identity", "iTCO_wdt")
    t.write(wd + "/watchdog/watchdog0/timeout", "30")
    t.link(wd + "/watchdog/watchdog0/device", wd)
    t.link("sys/class/watchdog/watchdog0", wd + "/watchdog/watchdog0")
    t.platform("serial8250", driver="serial8250", modalias="platform:serial8250")
    rtc = t.device("pnp0/00:01", {}, bus="pnp", driver="rtc_cmos")
    t.write(rtc + "/rtc/rtc0/name", "rtc_cmos 00:01")
    t.write(rtc + "/rtc/rtc0/hctosys", "1")
    t.link(rtc + "/rtc/rtc0/device", rtc)
    t.link("sys/class/rtc/rtc0", rtc + "/rtc/rtc0")


def laptop():
    t = Tree("laptop")
    # i7-1260P: 4 performance cores with two threads each, then 8 efficiency cores.
    topo = [(0, c) for c in (0, 4, 8, 12)] * 2 + [(0, c) for c in range(16, 24)]
    t.write("proc/cpuinfo", x86_cpuinfo("12th Gen Intel(R) Core(TM) i7-1260P", 6, 154, 3, X86_FLAGS_ALDER_LAKE, topo, "2100.000"))
    t.cpus(topo)
    t.write("proc/meminfo", meminfo(32_480_256))
    # As a user would see it: no DMI tables (root only), the world-readable dmi/id files only.
    t.dmi_id(sys_vendor="LENOVO", product_name="21AH0019US", product_version="ThinkPad T14 Gen 3",
             product_family="ThinkPad T14 Gen 3", product_sku="LENOVO_MT_21AH_BU_Think_FM_ThinkPad T14 Gen 3",
             board_vendor="LENOVO", board_name="21AH0019US", board_version="SDK0T76530 WIN",
             bios_vendor="LENOVO", bios_version="R23ET65W (1.35 )", bios_date="06/14/2023", chassis_type="10",
             modalias="dmi:bvnLENOVO:bvrR23ET65W(1.35):bd06/14/2023:br1.35:efr1.23:svnLENOVO:pn21AH0019US:pvrThinkPadT14Gen3:rvnLENOVO:rn21AH0019US:rvrSDK0T76530WIN:cvnLENOVO:ct10:cvrNone:skuLENOVO_MT_21AH_BU_Think_FM_ThinkPadT14Gen3:")
    t.efi(secure_boot=0, setup_mode=0)
    wifi = t.pci("0000:00:14.3", "8086", "51f0", "8086", "0090", "028000", "01", driver="iwlwifi")
    t.pci("0000:00:02.0", "8086", "46a6", "17aa", "22f1", "030000", "0c", driver="i915")
    t.pci("0000:02:00.0", "144d", "a80a", "144d", "a801", "010802", "00", driver="nvme", parent="pci0000:00/0000:00:06.0")
    xhci = t.pci("0000:00:0d.0", "8086", "461e", "17aa", "22f1", "0c0330", "04", driver="xhci_hcd")
    t.pci("0000:00:1f.3", "8086", "51c8", "17aa", "22f1", "040100", "01", driver="snd_hda_intel")
    t.pci("0000:00:16.0", "8086", "51e0", "17aa", "22f1", "078000", "01", driver="mei_me")
    t.pci("0000:00:1f.6", "8086", "1a1f", "17aa", "22f1", "020000", "01")
    t.net("wlp0s20f3", wifi, "d8:f3:bc:12:34:56", speed=None)
    t.virtual_net("lo")
    usb = xhci[len("sys/devices/"):] + "/usb3"
    t.device(usb, {"idVendor": "1d6b", "idProduct": "0002", "bDeviceClass": "09", "speed": "480"}, bus="usb", driver="usb")
    t.usb_device(usb, "3-8", "04f2", "b7b6", "ef", "480", "SunplusIT Inc", "Integrated Camera",
                 [("3-8:1.0", "0e", "01", "00", "uvcvideo"), ("3-8:1.1", "0e", "02", "00", "uvcvideo")])
    t.usb_device(usb, "3-10", "8087", "0033", "e0", "12", None, None,
                 [("3-10:1.0", "e0", "01", "01", "btusb"), ("3-10:1.1", "e0", "01", "01", "btusb")])
    t.usb_device(usb, "3-9", "06cb", "00f9", "ff", "12", None, None, [("3-9:1.0", "ff", "00", "00", None)])
    tpm = t.device("platform/MSFT0101:00", {}, bus="platform", driver="tpm_crb")
    t.write(tpm + "/tpm/tpm0/tpm_version_major", "2")
    t.link(tpm + "/tpm/tpm0/device", tpm)
    t.link("sys/class/tpm/tpm0", tpm + "/tpm/tpm0")
    rtc = t.device("platform/MSFT0101:00/../../pnp0/00:02".replace("platform/MSFT0101:00/../../", ""), {}, bus="pnp", driver="rtc_cmos")
    t.write(rtc + "/rtc/rtc0/name", "rtc_cmos rtc_cmos")
    t.write(rtc + "/rtc/rtc0/hctosys", "1")
    t.link(rtc + "/rtc/rtc0/device", rtc)
    t.link("sys/class/rtc/rtc0", rtc + "/rtc/rtc0")


def cloud_vm():
    t = Tree("cloud-vm")
    topo = [(0, 0), (0, 0)]
    t.write("proc/cpuinfo", x86_cpuinfo("Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz", 6, 85, 7, X86_FLAGS_NITRO, topo, "2499.998"))
    t.cpus(topo)
    t.write("proc/meminfo", meminfo(7_936_736))
    t.smbios([
        t0("Amazon EC2", "1.0", "10/16/2017", uefi=False),
        t1("Amazon EC2", "m5.large", "Not Specified", "ec2e1916-9099-7caf-fd21-012345678901", uuid_le("ec2e1916-9099-7caf-fd21-012345678901"), "Not Specified", "Not Specified"),
        t2("Amazon EC2", "Not Specified", "Not Specified", "Not Specified"),
        t3("Amazon EC2", 0x01, "Not Specified"),
        t4(0x04, "CPU 0", "Intel(R) Corporation", "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz", 1, 2, mhz=2500),
        t17(0x20, "Not Specified", "Not Specified", 8192, 0x07, 0, "Not Specified", "Not Specified", "Not Specified"),
        end()], version=(2, 7))
    t.dmi_id(sys_vendor="Amazon EC2", product_name="m5.large", bios_vendor="Amazon EC2", chassis_type="1")
    ena = t.pci("0000:00:05.0", "1d0f", "ec20", "1d0f", "ec20", "020000", "00", driver="ena")
    t.pci("0000:00:04.0", "1d0f", "8061", "1d0f", "8061", "010802", "00", driver="nvme")
    t.pci("0000:00:00.0", "8086", "1237", "1d0f", "1237", "060000", "00")
    t.pci("0000:00:01.3", "8086", "7113", "1d0f", "1237", "068000", "08")
    t.pci("0000:00:03.0", "1d0f", "1111", "1d0f", "1111", "030000", "00")
    t.net("ens5", ena, "0a:1b:2c:3d:4e:5f", speed=None, mtu="9001")
    t.virtual_net("lo")
    rtc = t.device("pnp0/00:00", {}, bus="pnp", driver="rtc_cmos")
    t.write(rtc + "/rtc/rtc0/name", "rtc_cmos 00:00")
    t.write(rtc + "/rtc/rtc0/hctosys", "1")
    t.link(rtc + "/rtc/rtc0/device", rtc)
    t.link("sys/class/rtc/rtc0", rtc + "/rtc/rtc0")


def rpi(name, board_compat, soc, model, serial, revision, part, mem_kb):
    t = Tree(name)
    features = "fp asimd evtstrm crc32 cpuid" if part == 0xd08 else "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp"
    t.write("proc/cpuinfo", arm_cpuinfo(4, part, features))
    t.cpus([(0, c) for c in range(4)])
    t.write("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "1800000" if part == 0xd08 else "2400000")
    t.write("proc/meminfo", meminfo(mem_kb))
    base = "sys/firmware/devicetree/base"
    t.write(base + "/model", model.encode() + b"\0")
    t.write(base + "/compatible", board_compat.encode() + b"\0" + soc.encode() + b"\0")
    t.write(base + "/serial-number", serial.encode() + b"\0")
    t.write(base + "/system/linux,revision", struct.pack(">I", revision))
    t.link("proc/device-tree", base)
    return t


def rpi4():
    t = rpi("rpi4", "raspberrypi,4-model-b", "brcm,bcm2711", "Raspberry Pi 4 Model B Rev 1.4", "10000000a1b2c3d4", 0xc03114, 0xd08, 3_880_000)
    eth = t.platform("fd580000.ethernet", ["brcm,bcm2711-genet-v5"], driver="bcmgenet", parent="platform/scb")
    t.net("eth0", eth, "dc:a6:32:01:02:03")
    mmc = t.platform("fe300000.mmcnr", ["brcm,bcm2835-mmc", "brcm,bcm2835-sdhci"], driver="mmc-bcm2835", parent="platform/soc")
    sdio = t.device(mmc[len("sys/devices/"):] + "/mmc_host/mmc1/mmc1:0001/mmc1:0001:1",
                    {"modalias": "sdio:c00v02D0d4345", "vendor": "0x02d0", "device": "0x4345"}, bus="sdio", driver="brcmfmac")
    t.net("wlan0", sdio, "dc:a6:32:01:02:04", operstate="dormant", carrier="0", speed=None)
    t.virtual_net("lo")
    wd = t.platform("fe100000.watchdog", ["brcm,bcm2835-pm", "brcm,bcm2835-pm-wdt"], driver="bcm2835-wdt", parent="platform/soc")
    t.write(wd + "/watchdog/watchdog0/identity", "Broadcom BCM2835 Watchdog timer")
    t.write(wd + "/watchdog/watchdog0/timeout", "15")
    t.link(wd + "/watchdog/watchdog0/device", wd)
    t.link("sys/class/watchdog/watchdog0", wd + "/watchdog/watchdog0")
    t.platform("fe215040.serial", ["brcm,bcm2835-aux-uart"], driver="bcm2835-aux-uart", parent="platform/soc")
    t.platform("soc:firmware", ["raspberrypi,bcm2835-firmware", "simple-mfd"], driver="raspberrypi-firmware", parent="platform/soc")
    t.platform("fd500000.pcie", ["brcm,bcm2711-pcie"], driver="brcm-pcie", parent="platform/scb")
    xhci = t.pci("0000:01:00.0", "1106", "3483", "1106", "3483", "0c0330", "01", driver="xhci_hcd",
                 parent="platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0")
    t.pci("0000:00:00.0", "14e4", "2711", "0000", "0000", "060400", "10", driver="pcieport", parent="platform/scb/fd500000.pcie/pci0000:00")
    usb = xhci[len("sys/devices/"):] + "/usb1"
    t.device(usb, {"idVendor": "1d6b", "idProduct": "0002", "bDeviceClass": "09", "speed": "480"}, bus="usb", driver="usb")
    t.usb_device(usb, "1-1", "2109", "3431", "09", "480", None, "USB2.0 Hub", [("1-1:1.0", "09", "00", "00", "hub")])
    # The Pi 4 has no RTC and no TPM.


def rpi5():
    t = rpi("rpi5", "raspberrypi,5-model-b", "brcm,bcm2712", "Raspberry Pi 5 Model B Rev 1.0", "a1b2c3d4e5f60718", 0xd04170, 0xd0b, 8_123_456)
    rp1 = t.pci("0001:01:00.0", "1de4", "0001", "1de4", "0001", "020000", "00", driver="rp1",
                parent="platform/axi/1000120000.pcie/pci0001:00/0001:00:00.0")
    t.pci("0001:00:00.0", "14e4", "2712", "0000", "0000", "060400", "21", driver="pcieport", parent="platform/axi/1000120000.pcie/pci0001:00")
    eth = t.platform("1f00100000.ethernet", ["raspberrypi,rp1-gem", "cdns,macb"], driver="macb",
                     parent="platform/axi/1000120000.pcie/pci0001:00/0001:00:00.0/0001:01:00.0/axi")
    t.net("eth0", eth, "2c:cf:67:01:02:03")
    t.virtual_net("lo")
    xhci = t.platform("1f00200000.usb", ["snps,dwc3"], driver="dwc3",
                      parent="platform/axi/1000120000.pcie/pci0001:00/0001:00:00.0/0001:01:00.0/axi")
    usb = xhci[len("sys/devices/"):] + "/xhci-hcd.0/usb1"
    t.device(usb, {"idVendor": "1d6b", "idProduct": "0002", "bDeviceClass": "09", "speed": "480"}, bus="usb", driver="usb")
    t.usb_device(usb, "1-1", "0781", "5591", "00", "480", "SanDisk", "Ultra Flair",
                 [("1-1:1.0", "08", "06", "50", "usb-storage")])
    wd = t.platform("107d200000.watchdog", ["brcm,bcm2712-pm", "brcm,bcm2835-pm-wdt"], driver="bcm2835-wdt", parent="platform/soc")
    t.write(wd + "/watchdog/watchdog0/identity", "Broadcom BCM2835 Watchdog timer")
    t.write(wd + "/watchdog/watchdog0/timeout", "15")
    t.link(wd + "/watchdog/watchdog0/device", wd)
    t.link("sys/class/watchdog/watchdog0", wd + "/watchdog/watchdog0")
    rtc = t.platform("soc:rpi_rtc", ["raspberrypi,rpi-rtc"], driver="rpi-rtc", parent="platform/soc")
    t.write(rtc + "/rtc/rtc0/name", "rpi-rtc soc:rpi_rtc")
    t.write(rtc + "/rtc/rtc0/hctosys", "1")
    t.link(rtc + "/rtc/rtc0/device", rtc)
    t.link("sys/class/rtc/rtc0", rtc + "/rtc/rtc0")
    t.platform("107d001000.serial", ["arm,pl011", "arm,primecell"], driver="uart-pl011", parent="platform/soc")


if __name__ == "__main__":
    x86_server()
    laptop()
    cloud_vm()
    rpi4()
    rpi5()
