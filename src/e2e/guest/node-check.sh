# The node's boot (built in by build-node-initramfs, sourced by the toolkit's /init after
# lib.sh): bring the first NIC up, then Bronze's agent in-process on the guest's Java runtime.
# The agent prints the BRONZE-RESULT node=1 line itself; init prints BRONZE-DONE after it.
behaviour=$(cat /etc/bronze/behaviour 2>/dev/null || echo ok)

# The first NIC, when QEMU gave one (user networking: DHCP from its built-in server).
nic=$(ls /sys/class/net 2>/dev/null | grep -v '^lo$' | head -n 1)
if [ -n "$nic" ]; then
  bronze_check net bronze_net_up "$nic"
else
  bronze_log "no network interface: the agent runs without network"
fi

# A small heap (the agent reads a few kilobytes; an upgrade holds one payload file in memory),
# C1 only and the serial collector: under TCG every compiler thread and GC thread costs boot time.
# -Xshare:auto uses the JDK's CDS archive that build-runtime made.
set -- -Xms32m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 \
  -XX:-UsePerfData -Xshare:auto -Djava.io.tmpdir=/tmp
/opt/bronze/jre/bin/java "$@" -cp /opt/bronze/bronze.jar dev.bronze.installer.node.NodeAgent --behaviour "$behaviour"
rc=$?
if [ $rc -eq 0 ]; then bronze_pass node-agent "exit 0"; else bronze_fail node-agent "exit $rc"; fi
