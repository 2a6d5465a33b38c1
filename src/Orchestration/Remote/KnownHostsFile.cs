using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Testbed.Orchestration.Cluster;

/// <summary>What OpenSSH's known_hosts files say about one host's key.</summary>
public enum KnownHostVerdict { Known, Unknown, Changed, Revoked }

/// <summary>
/// Reads OpenSSH known_hosts files the way ssh does for the cases that matter here: plain and
/// hashed (<c>|1|salt|hash</c>) host names, <c>[host]:port</c> for ports other than 22,
/// wildcards and negations, and <c>@revoked</c>. <c>@cert-authority</c> lines are not host keys
/// and are skipped.
/// </summary>
public static class KnownHostsFile
{
    public static KnownHostVerdict Check(IEnumerable<string> files, string host, int port, string keyType, byte[] key)
    {
        var name = port == 22 ? host : $"[{host}]:{port}";
        var sameType = false;
        foreach (var file in files.Where(File.Exists))
        {
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                var marker = fields[0].StartsWith('@') ? fields[0] : null;
                if (marker is not null) fields = fields[1..];
                if (fields.Length < 3 || marker == "@cert-authority" || !Matches(fields[0], name)) continue;
                byte[] listed;
                try { listed = Convert.FromBase64String(fields[2]); }
                catch (FormatException) { continue; }
                var same = fields[1] == keyType && listed.AsSpan().SequenceEqual(key);
                if (marker == "@revoked")
                {
                    if (same) return KnownHostVerdict.Revoked;
                    continue;
                }
                if (same) return KnownHostVerdict.Known;
                if (fields[1] == keyType) sameType = true;
            }
        }
        return sameType ? KnownHostVerdict.Changed : KnownHostVerdict.Unknown;
    }

    /// <summary>The line ssh-keyscan would print for this key, to append to known_hosts.</summary>
    public static string Line(string host, int port, string keyType, byte[] key) =>
        $"{(port == 22 ? host : $"[{host}]:{port}")} {keyType} {Convert.ToBase64String(key)}";

    private static bool Matches(string patterns, string name)
    {
        if (patterns.StartsWith("|1|", StringComparison.Ordinal)) return HashedMatches(patterns, name);
        var matched = false;
        foreach (var pattern in patterns.Split(','))
        {
            var negated = pattern.StartsWith('!');
            var glob = negated ? pattern[1..] : pattern;
            var regex = "^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            if (!Regex.IsMatch(name, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) continue;
            if (negated) return false;
            matched = true;
        }
        return matched;
    }

    private static bool HashedMatches(string entry, string name)
    {
        var parts = entry.Split('|');
        if (parts.Length != 4) return false;
        try
        {
            return Convert.ToBase64String(HMACSHA1.HashData(Convert.FromBase64String(parts[2]), Encoding.UTF8.GetBytes(name))) == parts[3];
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
