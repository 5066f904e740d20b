// Compiled at build time by MSBuild's RoslynCodeTaskFactory (see ArcNet.targets), against netstandard2.0:
// keep it self-contained and free of newer APIs.
//
// Why this exists: TorchSharp 0.107's native glue, libLibTorchSharp.so, was linked against GCC 13's
// libstdc++ and so carries a version requirement on GLIBCXX_3.4.32. Debian 12 and Ubuntu 22.04 ship
// an older libstdc++ (up to GLIBCXX_3.4.30), so the loader refuses the library and TorchSharp fails
// with a misleading TypeInitializationException. The only symbol bound to that version is
// std::ios_base_library_init(), which nothing calls and no relocation references, so the requirement
// can safely be made weak (VER_FLG_WEAK) in the copy the application loads. The NuGet cache copy is
// never touched: the output copy is rewritten through a temporary file and a rename, which also
// breaks any hard link to the cache.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class RelaxGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The copies of libLibTorchSharp.so in the build or publish output.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The libstdc++ version node to relax.</summary>
    public string Version { get; set; } = "GLIBCXX_3.4.32";

    /// <summary>The host's libstdc++.so.6; found from this process or the usual library folders when empty.</summary>
    public string HostLibStdCxx { get; set; } = "";

    public override bool Execute()
    {
        if (Files.Length == 0)
            return true;

        string host = string.IsNullOrEmpty(HostLibStdCxx) ? FindHostLibStdCxx() : HostLibStdCxx;
        if (host.Length == 0)
        {
            Log.LogMessage(MessageImportance.Normal, "ArcNet: no libstdc++.so.6 found on this host; TorchSharp's native library left as shipped.");
            return true;
        }
        if (Provides(host, Version))
            return true;

        foreach (ITaskItem item in Files)
        {
            string path = item.ItemSpec;
            try
            {
                if (WeakenRequirement(path, Version))
                    Log.LogMessage(MessageImportance.High,
                        $"ArcNet: made {Version} optional in {path} ({host} lacks it); set ArcNetPatchNativeCompat=false to skip.");
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogError($"ArcNet: could not relax {Version} in {path}: {e.Message}. Set ArcNetPatchNativeCompat=false to skip this step.");
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the <paramref name="version"/> entry of the file's GNU version-needs section.
    /// Returns true when the file was changed, false when it has no such hard requirement.
    /// </summary>
    public static bool WeakenRequirement(string path, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        List<int> flagOffsets = FindHardRequirementFlags(elf, version);
        if (flagOffsets.Count == 0)
            return false;

        foreach (int offset in flagOffsets)
            WriteUInt16(elf, offset, (ushort)(ReadUInt16(elf, offset) | VerFlagWeak));

        // File.Copy keeps the file mode; the rename replaces the directory entry, so a hard link to the
        // NuGet cache is broken rather than written through.
        string temporary = path + ".arcnet-tmp";
        File.Copy(path, temporary, overwrite: true);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            foreach (int offset in flagOffsets)
            {
                stream.Position = offset;
                stream.Write(elf, offset, 2);
            }
        }
        File.Delete(path);
        File.Move(temporary, path);
        return true;
    }

    /// <summary>Offsets of the vna_flags fields that require <paramref name="version"/> without the weak bit.</summary>
    public static List<int> FindHardRequirementFlags(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

        long sectionTable = ReadInt64(elf, 0x28);
        int sectionSize = ReadUInt16(elf, 0x3A);
        int sectionCount = ReadUInt16(elf, 0x3C);
        var result = new List<int>();

        for (int s = 0; s < sectionCount; s++)
        {
            int header = Checked(elf, sectionTable + (long)s * sectionSize, 64);
            if (ReadUInt32(elf, header + 4) != ShtGnuVerneed)
                continue;

            int sectionOffset = Checked(elf, ReadInt64(elf, header + 24), 0);
            int stringsHeader = Checked(elf, sectionTable + (long)ReadUInt32(elf, header + 40) * sectionSize, 64);
            int strings = Checked(elf, ReadInt64(elf, stringsHeader + 24), 0);
            uint needCount = ReadUInt32(elf, header + 44);

            int need = sectionOffset;
            for (uint n = 0; n < needCount; n++)
            {
                Checked(elf, need, 16);
                int auxCount = ReadUInt16(elf, need + 2);
                int aux = need + (int)ReadUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    Checked(elf, aux, 16);
                    int flags = aux + 4;
                    string name = ReadString(elf, strings + (int)ReadUInt32(elf, aux + 8));
                    if (name == version && (ReadUInt16(elf, flags) & VerFlagWeak) == 0)
                        result.Add(flags);
                    aux += (int)ReadUInt32(elf, aux + 12);
                }
                uint next = ReadUInt32(elf, need + 12);
                if (next == 0)
                    break;
                need += (int)next;
            }
        }
        return result;
    }

    /// <summary>Whether a libstdc++ binary defines the version node (its name is in its dynamic strings).</summary>
    public static bool Provides(string libStdCxx, string version)
    {
        string text = Encoding.ASCII.GetString(File.ReadAllBytes(libStdCxx));
        return text.IndexOf(version + "\0", StringComparison.Ordinal) >= 0;
    }

    /// <summary>The libstdc++ this (C++-hosted) process loaded, else the first in the usual library folders.</summary>
    public static string FindHostLibStdCxx()
    {
        const string maps = "/proc/self/maps";
        if (File.Exists(maps))
        {
            foreach (string line in File.ReadLines(maps))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.IndexOf("libstdc++.so.6", StringComparison.Ordinal) >= 0)
                    return line.Substring(slash).Trim();
            }
        }
        foreach (string folder in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                                          "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib" })
        {
            string candidate = Path.Combine(folder, "libstdc++.so.6");
            if (File.Exists(candidate))
                return candidate;
        }
        return "";
    }

    private static int Checked(byte[] elf, long offset, int length)
    {
        if (offset < 0 || offset + length > elf.Length)
            throw new InvalidDataException($"truncated ELF file (offset {offset} beyond {elf.Length} bytes)");
        return (int)offset;
    }

    private static string ReadString(byte[] elf, int offset)
    {
        int end = Array.IndexOf(elf, (byte)0, Checked(elf, offset, 1));
        if (end < 0)
            throw new InvalidDataException("unterminated ELF string");
        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }

    private static ushort ReadUInt16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
    private static uint ReadUInt32(byte[] b, int o) => BitConverter.ToUInt32(b, o);
    private static long ReadInt64(byte[] b, int o) => BitConverter.ToInt64(b, o);
    private static void WriteUInt16(byte[] b, int o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }
}
