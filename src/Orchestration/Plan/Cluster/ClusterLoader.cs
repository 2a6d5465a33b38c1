using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Reads and validates <c>clusters/&lt;name&gt;.json</c> the way experiments are: every problem is
/// collected (file, field, value, expectation) and thrown together as one
/// <see cref="ClusterValidationException"/>; no input, however broken, ends in a stack trace.
/// Fields are read one by one from the JSON document so a wrong type names its field exactly.
/// </summary>
public static partial class ClusterLoader
{
    /// <summary>The smallest memory a virtual node is given: its engine (~80 MB), sshd and one trainer (~300 MB).</summary>
    public const int MinimumNodeMemoryMb = 512;

    public const double MinimumNodeCpus = 0.01;

    private static readonly string[] RootFields = ["$schema", "name", "kind", "description", "trainerPorts", "knownHosts", "nodes"];
    private static readonly string[] VirtualNodeFields = ["name", "cpus", "memoryMb"];
    private static readonly string[] HostFields = ["name", "address", "user", "keyFile", "sudo", "port"];
    private static readonly string[] Kinds = ["local", "virtual", "hosts"];

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$")]
    private static partial Regex NamePattern();

    // RFC 1123 labels: letters, digits and inner hyphens, 1-63 each, dot-separated.
    [GeneratedRegex("^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostNamePattern();

    /// <summary>Loads <paramref name="name"/> from <paramref name="directory"/>; <c>local</c> needs no file.</summary>
    public static ClusterDefinition Load(string directory, string name, MachineLimits machine)
    {
        // A name is a file of the clusters folder; a path to a .json file is taken as it is.
        var isPath = name.EndsWith(".json", StringComparison.Ordinal);
        var file = isPath ? Path.GetFullPath(name) : Path.Combine(directory, name + ".json");
        if (!System.IO.File.Exists(file))
        {
            if (name == ClusterDefinition.Local.Name) return ClusterDefinition.Local;
            if (isPath)
            {
                throw new ClusterValidationException([new ValidationError("--cluster", "value", $"'{name}'",
                    "the path of a cluster file; there is no such file")]);
            }
            throw new ClusterValidationException([new ValidationError("--cluster", "name", $"'{name}'",
                $"the name of a file in {directory}: {string.Join(", ", Available(directory).Append(ClusterDefinition.Local.Name).Distinct())}")]);
        }
        var errors = new List<ValidationError>();
        // Relative key files are the repository's (the folder holding clusters/), also for a file
        // given by path: a cluster copied into a run folder's inputs/ still finds its keys.
        var cluster = LoadFile(file, machine, errors, Path.GetDirectoryName(Path.GetFullPath(directory)) ?? "/");
        if (errors.Count > 0 || cluster is null) throw new ClusterValidationException(errors);
        return cluster;
    }

    public static IReadOnlyList<string> Available(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Where(n =>
                !n.EndsWith(".schema", StringComparison.Ordinal)).Order().ToList()
            : [];

    internal static ClusterDefinition? LoadFile(string file, MachineLimits machine, List<ValidationError> errors, string repositoryRoot)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
        var bytes = System.IO.File.ReadAllBytes(file);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            errors.Add(new ValidationError(relative, $"line {e.LineNumber + 1}", "not valid JSON", $"valid JSON ({e.Message})"));
            return null;
        }

        using (document)
        {
            var before = errors.Count;
            var reader = new FieldReader(relative, errors);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError(relative, "(document)", Describe(root), "an object with name, kind and, for virtual and hosts, nodes"));
                return null;
            }
            reader.RefuseUnknown(root, "", RootFields);

            var name = reader.String(root, "name", required: true);
            var kindText = reader.String(root, "kind", required: true);
            var kind = ClusterKind.Local;
            if (kindText is not null)
            {
                if (Kinds.Contains(kindText)) kind = Enum.Parse<ClusterKind>(kindText, ignoreCase: true);
                else errors.Add(new ValidationError(relative, "kind", $"'{kindText}'", $"one of {string.Join(", ", Kinds)}"));
            }
            var description = reader.String(root, "description", required: false) ?? "";
            var trainerPorts = reader.Integer(root, "trainerPorts", required: false) ?? ClusterDefinition.DefaultTrainerPort;
            var knownHosts = reader.String(root, "knownHosts", required: false);

            var fileName = Path.GetFileNameWithoutExtension(file);
            if (name is not null && name != fileName)
                errors.Add(new ValidationError(relative, "name", $"'{name}'", $"'{fileName}', the file's name"));
            const int highestFirst = 65535 - ClusterDefinition.TrainerPortCount + 1;
            if (trainerPorts is < 1024 or > highestFirst)
            {
                errors.Add(new ValidationError(relative, "trainerPorts", Format(trainerPorts),
                    $"a port from 1024 to {highestFirst}: the first of {ClusterDefinition.TrainerPortCount} ports native workers listen on"));
            }

            IReadOnlyList<VirtualNodeSpec> virtualNodes = [];
            IReadOnlyList<HostSpec> hosts = [];
            var hasNodes = root.TryGetProperty("nodes", out var nodes);
            if (kindText is not null && Kinds.Contains(kindText))
            {
                if (kind == ClusterKind.Local)
                {
                    if (hasNodes) errors.Add(new ValidationError(relative, "nodes", "given", "no nodes: a local cluster is this host alone"));
                }
                else if (!hasNodes || nodes.ValueKind != JsonValueKind.Array || nodes.GetArrayLength() == 0)
                {
                    errors.Add(new ValidationError(relative, "nodes", hasNodes ? Describe(nodes) : "missing",
                        $"an array of at least one node ({(kind == ClusterKind.Virtual ? "name, cpus, memoryMb" : "name, address, user, keyFile")})"));
                }
                else if (kind == ClusterKind.Virtual)
                {
                    virtualNodes = ReadVirtualNodes(nodes, reader, machine);
                    CheckVirtualTotals(virtualNodes, reader, machine);
                }
                else
                {
                    hosts = ReadHosts(nodes, reader, repositoryRoot);
                }
            }

            string? knownHostsPath = null;
            if (knownHosts is not null)
            {
                knownHostsPath = ExpandPath(knownHosts, repositoryRoot);
                if (kind != ClusterKind.Hosts)
                {
                    errors.Add(new ValidationError(relative, "knownHosts", $"'{knownHosts}'",
                        "no knownHosts: only real hosts (kind hosts) have host keys to check"));
                }
                else
                {
                    reader.Check(System.IO.File.Exists(knownHostsPath), "knownHosts", knownHosts,
                        $"a known_hosts file that exists ({knownHostsPath} does not): the hosts' keys, e.g. from ssh-keyscan, checked against the hosts' own");
                }
            }

            var names = virtualNodes.Select(n => n.Name).Concat(hosts.Select(h => h.Name)).ToList();
            foreach (var duplicate in names.GroupBy(n => n).Where(g => g.Count() > 1))
                errors.Add(new ValidationError(relative, "nodes[].name", $"'{duplicate.Key}' (used {duplicate.Count()} times)", "a different name per node"));
            foreach (var duplicate in hosts.GroupBy(h => (h.Address, h.Port)).Where(g => g.Count() > 1))
            {
                errors.Add(new ValidationError(relative, "nodes[].address",
                    $"'{duplicate.Key.Address}' (used by {string.Join(", ", duplicate.Select(h => h.Name))})",
                    "a different host per node: each node runs its own engine"));
            }

            if (errors.Count > before) return null;
            return new ClusterDefinition
            {
                Name = name!, Kind = kind, Description = description, TrainerPorts = trainerPorts,
                VirtualNodes = virtualNodes, Hosts = hosts, KnownHostsFile = knownHostsPath,
                File = relative, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            };
        }
    }

    private static List<VirtualNodeSpec> ReadVirtualNodes(JsonElement nodes, FieldReader reader, MachineLimits machine)
    {
        var result = new List<VirtualNodeSpec>();
        var i = 0;
        foreach (var node in nodes.EnumerateArray())
        {
            var at = $"nodes[{i++}].";
            if (!reader.IsObject(node, at)) continue;
            reader.RefuseUnknown(node, at, VirtualNodeFields);
            var name = reader.NodeName(node, at);
            var cpus = reader.Number(node, at + "cpus", required: true);
            var memory = reader.Integer(node, at + "memoryMb", required: true);
            reader.Check(cpus is null || (cpus > MinimumNodeCpus && double.IsFinite(cpus.Value)), at + "cpus", cpus,
                $"a share of a core above {MinimumNodeCpus.ToString(CultureInfo.InvariantCulture)}, e.g. 0.66 (a CFS quota)");
            reader.Check(cpus is null || cpus <= machine.Cores, at + "cpus", cpus, $"at most {machine.Cores}, the cores of this machine");
            reader.Check(memory is null || memory >= MinimumNodeMemoryMb, at + "memoryMb", memory,
                $"at least {MinimumNodeMemoryMb} (MB: the node's engine, sshd and a trainer)");
            reader.Check(memory is null || memory <= machine.MemoryMb, at + "memoryMb", memory,
                $"at most {machine.MemoryMb}, the memory of this machine in MB");
            if (name is not null && cpus is not null && memory is not null) result.Add(new VirtualNodeSpec(name, cpus.Value, memory.Value));
        }
        return result;
    }

    /// <summary>
    /// Virtual nodes share this machine: each may fit, and all of them together still not (100
    /// nodes of 0.5 cores passed on 2 cores once, each checked alone).
    /// </summary>
    private static void CheckVirtualTotals(IReadOnlyList<VirtualNodeSpec> nodes, FieldReader reader, MachineLimits machine)
    {
        if (nodes.Count < 2) return;
        var cpus = Math.Round(nodes.Sum(n => n.Cpus), 3);
        var memory = nodes.Sum(n => (long)n.MemoryMb);
        var count = nodes.Count.ToString(CultureInfo.InvariantCulture);
        reader.Check(cpus <= machine.Cores, "nodes[].cpus", $"{cpus.ToString(CultureInfo.InvariantCulture)} in total ({count} nodes)",
            $"at most {machine.Cores} together, the cores of this machine the nodes share (fewer nodes, or smaller shares)");
        reader.Check(memory <= machine.MemoryMb, "nodes[].memoryMb", $"{memory.ToString(CultureInfo.InvariantCulture)} in total ({count} nodes)",
            $"at most {machine.MemoryMb} together, the memory of this machine in MB the nodes share");
    }

    /// <summary>
    /// An IP address, or a host name: nothing else reaches a shell, a message to copy or the swarm
    /// (an address such as 10.0.0.1$(reboot) was accepted once).
    /// </summary>
    public static bool IsHostNameOrAddress(string address)
    {
        if (address.Contains(':'))
        {
            return System.Net.IPAddress.TryParse(address, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }
        // Digits and dots only: a dotted quad, never a name (IPAddress.TryParse would take "10.1" too).
        if (address.All(c => char.IsAsciiDigit(c) || c == '.'))
            return address.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
        return HostNamePattern().IsMatch(address);
    }

    private static List<HostSpec> ReadHosts(JsonElement nodes, FieldReader reader, string repositoryRoot)
    {
        var result = new List<HostSpec>();
        var i = 0;
        foreach (var node in nodes.EnumerateArray())
        {
            var at = $"nodes[{i++}].";
            if (!reader.IsObject(node, at)) continue;
            reader.RefuseUnknown(node, at, HostFields);
            var name = reader.NodeName(node, at);
            var address = reader.String(node, at + "address", required: true);
            var user = reader.String(node, at + "user", required: true);
            var keyFile = reader.String(node, at + "keyFile", required: true);
            var sudo = reader.Boolean(node, at + "sudo") ?? false;
            var port = reader.Integer(node, at + "port", required: false) ?? 22;
            reader.Check(address is null || IsHostNameOrAddress(address), at + "address", address,
                "a host name (letters, digits, '-' and '.') or an IP address the other nodes reach this host at");
            reader.Check(user is null || (user.Length > 0 && !user.Any(c => char.IsWhiteSpace(c) || c == '@')), at + "user", user,
                "the SSH user name, e.g. debian");
            reader.Check(port is >= 1 and <= 65535, at + "port", port, "an SSH port from 1 to 65535 (22 when left out)");
            string? keyPath = null;
            if (keyFile is not null)
            {
                keyPath = ExpandPath(keyFile, repositoryRoot);
                reader.Check(System.IO.File.Exists(keyPath), at + "keyFile", keyFile,
                    $"a private key file that exists ({keyPath} does not): e.g. ~/.ssh/id_ed25519, made with ssh-keygen -t ed25519");
            }
            if (name is not null && address is not null && user is not null && keyPath is not null)
                result.Add(new HostSpec(name, address, port, user, keyPath, sudo));
        }
        return result;
    }

    /// <summary>~ is the user's home; a relative path is relative to the repository (the folder holding clusters/).</summary>
    public static string ExpandPath(string path, string repositoryRoot)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (path == "~") return home;
        if (path.StartsWith("~/", StringComparison.Ordinal)) path = Path.Combine(home, path[2..]);
        return Path.GetFullPath(path, repositoryRoot);
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string '{element.GetString()}'",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{element.GetRawText()}",
        JsonValueKind.Array => element.GetArrayLength() == 0 ? "an empty array" : "an array",
        JsonValueKind.Object => "an object",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

    internal static string Format(object? value) => value switch
    {
        null => "missing",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
