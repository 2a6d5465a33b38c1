using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// The one observer every mode and placement shares: a small Perl loop that runs where the workers
/// run (a cluster node, or this host) and, once a second, reads the kernel's own counters. Perl
/// because it is on every Debian and Ubuntu system (perl-base is Essential) and reads files without
/// starting a process: the shell loop it replaced forked a dozen times a second and cost each
/// 0.66-core virtual node about 4 % of a core, inside the very share being measured.
/// <para>
/// Each round prints <c>node &lt;uptime s&gt; &lt;cpu ns&gt; &lt;memory bytes&gt; &lt;rx&gt;
/// &lt;tx&gt; &lt;sampler cpu s&gt; &lt;periods&gt; &lt;throttled periods&gt; &lt;throttled ns&gt;</c>
/// (the place's own cgroup, its CFS quota's throttling, its LAN interface, and the sampler's own
/// CPU time), then for every worker listed in the pids file as
/// "&lt;pid&gt; &lt;own network 0|1&gt;" a line <c>pid &lt;pid&gt; &lt;cpu ns&gt; &lt;anonymous
/// resident kB&gt; &lt;periods&gt; &lt;throttled periods&gt; &lt;throttled ns&gt; &lt;page
/// faults&gt; &lt;rx&gt; &lt;tx&gt;</c>, then for every file listed as "f &lt;id&gt; &lt;path&gt;" each
/// line completed since the last round as <c>rec &lt;id&gt; &lt;line&gt;</c> (a worker's records,
/// followed where they are written instead of fetched every few seconds over a command of their
/// own), then <c>end</c>; "-" is a value it could not read.
/// </para>
/// <para>
/// A worker's counters come from the cgroup its process is in, found through /proc/&lt;pid&gt;/cgroup:
/// a container's (the engine made it) and a native worker's (the pipeline made it) are read from the
/// same files in the same way, so both modes report the same quantities: CPU from cpuacct (or
/// cgroup v2's cpu.stat), CFS throttling from cpu.stat, and memory and page faults summed over the
/// cgroup's processes. Network bytes only for a worker with a network namespace of its own. A
/// process still in the root group (a native worker's first moment, before it joins its own) is
/// left out of that round rather than reported with the whole machine's counters.
/// </para>
/// </summary>
public static class SamplerProgram
{
    public static string Command(string pidsFile, string? lanAddress) =>
        $"exec perl -e {ShellQuote.Quote(Source)} {ShellQuote.Quote(pidsFile)} {ShellQuote.Quote(lanAddress ?? "")}";

    /// <summary>The program; arguments: the pids file, the LAN address (empty: no interface counters).</summary>
    public const string Source = """
        use strict; use warnings;
        my ($pids, $lan) = @ARGV;
        $| = 1;
        sub slurp { my $f = shift; open(my $h, '<', $f) or return undef; local $/; my $s = <$h>; close $h; return $s }
        sub first { my $s = slurp(shift); return undef unless defined $s; $s =~ s/\s+$//; return $s }
        sub keyed {
          my $s = slurp(shift); my %h; return \%h unless defined $s;
          for (split /\n/, $s) { my @w = split ' '; $h{$w[0]} = $w[1] if @w >= 2 } return \%h
        }
        sub v { my $x = shift; return defined $x && length $x ? $x : '-' }
        my $ifc = '';
        if (length $lan) { for (split /\n/, `ip -o -4 addr show 2>/dev/null`) { my @w = split ' '; $ifc = $w[1] if @w > 3 && $w[3] =~ m{^\Q$lan\E/} } }
        sub netdev {
          my ($file, $only) = @_; my $s = slurp($file); return (undef, undef) unless defined $s;
          my ($rx, $tx, $seen) = (0, 0, 0);
          for (split /\n/, $s) {
            next unless /^\s*([^:\s]+):\s*(.*)$/; my $name = $1; my @c = split ' ', $2;
            next if $name eq 'lo' || (defined $only && $name ne $only);
            $rx += $c[0]; $tx += $c[8]; $seen = 1;
          }
          return $seen ? ($rx, $tx) : (undef, undef);
        }
        sub groups {
          my $s = slurp("/proc/$_[0]/cgroup"); return undef unless defined $s;
          my (%v1, $v2);
          for (split /\n/, $s) {
            my (undef, $ctl, $path) = split /:/, $_, 3; next unless defined $path;
            if ($ctl eq '') { $v2 = "/sys/fs/cgroup$path"; next }
            for my $c (split /,/, $ctl) { $v1{$c} = -d "/sys/fs/cgroup/$ctl" ? "/sys/fs/cgroup/$ctl$path" : "/sys/fs/cgroup/$c$path" }
          }
          return { v1 => \%v1, v2 => $v2 };
        }
        sub worker {
          my ($pid, $net) = @_;
          my $g = groups($pid); return unless $g;
          # Still in its parent's (root) group for a moment after it started: nothing of its own to read yet.
          my $dir = $g->{v1}{cpu} // $g->{v2} // ''; return if $dir eq '' || $dir =~ m{/$};
          my ($cpu, $periods, $throttled, $throttledNs, $procs);
          if (my $d = $g->{v1}{cpu}) {
            $cpu = first(($g->{v1}{cpuacct} // $d) . '/cpuacct.usage');
            my $st = keyed("$d/cpu.stat");
            ($periods, $throttled, $throttledNs) = @$st{qw(nr_periods nr_throttled throttled_time)};
            $procs = slurp("$d/cgroup.procs");
          } elsif (defined $g->{v2}) {
            my $st = keyed("$g->{v2}/cpu.stat");
            $cpu = defined $st->{usage_usec} ? $st->{usage_usec} * 1000 : undef;
            ($periods, $throttled) = @$st{qw(nr_periods nr_throttled)};
            $throttledNs = defined $st->{throttled_usec} ? $st->{throttled_usec} * 1000 : undef;
            $procs = slurp("$g->{v2}/cgroup.procs");
          }
          my ($rss, $faults);
          for my $p (split /\s+/, $procs // '') {
            next unless $p =~ /^\d+$/;
            my $stat = slurp("/proc/$p/stat"); next unless defined $stat;
            my @f = split ' ', substr($stat, rindex($stat, ')') + 2);
            $faults = ($faults // 0) + $f[7] + $f[9];
            my $status = slurp("/proc/$p/status");
            $rss = ($rss // 0) + $1 if defined $status && $status =~ /^RssAnon:\s+(\d+)/m;
          }
          my ($rx, $tx) = $net ? netdev("/proc/$pid/net/dev") : (undef, undef);
          print join(' ', 'pid', $pid, map { v($_) } $cpu, $rss, $periods, $throttled, $throttledNs, $faults, $rx, $tx), "\n";
        }
        my %offset;
        sub follow {
          my ($id, $file) = @_;
          # Never through a link: the sampler runs as root on a node, and a worker could point one at any file.
          return if -l $file;
          open(my $h, '<', $file) or return;
          my $at = $offset{$id} // 0;
          seek($h, $at, 0); local $/; my $s = <$h>; close $h;
          return unless defined $s;
          my $end = rindex($s, "\n"); return if $end < 0;
          print "rec $id $_\n" for split /\n/, substr($s, 0, $end);
          $offset{$id} = $at + $end + 1;
        }
        while (1) {
          my $up = (split ' ', first('/proc/uptime'))[0];
          my $cpu = first('/sys/fs/cgroup/cpuacct/cpuacct.usage');
          if (!defined $cpu) { my $st = keyed('/sys/fs/cgroup/cpu.stat'); $cpu = $st->{usage_usec} * 1000 if defined $st->{usage_usec} }
          my $mem = first('/sys/fs/cgroup/memory/memory.usage_in_bytes');
          if (!defined $mem) { my $m = keyed('/proc/meminfo'); $mem = ($m->{'MemTotal:'} - $m->{'MemAvailable:'}) * 1024 if defined $m->{'MemAvailable:'} }
          my ($rx, $tx) = length $ifc ? netdev('/proc/net/dev', $ifc) : (undef, undef);
          my ($user, $system) = times;
          my $st = keyed(-f '/sys/fs/cgroup/cpu/cpu.stat' ? '/sys/fs/cgroup/cpu/cpu.stat' : '/sys/fs/cgroup/cpu.stat');
          my $throttledNs = $st->{throttled_time} // (defined $st->{throttled_usec} ? $st->{throttled_usec} * 1000 : undef);
          print join(' ', 'node', $up, map { v($_) } $cpu, $mem, $rx, $tx, sprintf('%.2f', $user + $system),
            $st->{nr_periods}, $st->{nr_throttled}, $throttledNs), "\n";
          for (split /\n/, slurp($pids) // '') {
            my ($pid, $net, $file) = split ' ', $_, 3;
            if ($pid eq 'f') { follow($net, $file) if defined $file } elsif ($pid =~ /^\d+$/) { worker($pid, $net) }
          }
          print "end\n";
          select(undef, undef, undef, 1);
        }
        """;
}
