using System.Text.Json;
using System.Text.Json.Serialization;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;

namespace ArcNet.IO;

/// <summary>
/// ArcNet's self-describing model file: a magic number, a format version, what kind of model it holds, its
/// settings as JSON, the weights in TorchSharp's format, and a SHA-256 of everything before it. One format
/// for comparators, context models and training checkpoints, so each is checked the same way on load.
/// </summary>
/// <remarks>
/// Layout: "ARCNET\0\u0001" (8 bytes) · int32 format version · string kind · string metadata JSON ·
/// int64 weights length · weights · 32-byte SHA-256 of all preceding bytes.
/// </remarks>
internal static class ModelFile
{
    internal const int FormatVersion = 1;

    /// <summary>How every kind of model file writes its settings: enums by name, so files stay readable and stable.</summary>
    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private static readonly byte[] Magic = "ARCNET\0\u0001"u8.ToArray();
    private const int HashLength = 32;

    /// <summary>What a model file holds, read and verified.</summary>
    internal sealed record Contents(string Kind, string Metadata, byte[] Weights);

    /// <summary>Writes <paramref name="module"/>'s weights with its kind and metadata to <paramref name="path"/>, atomically.</summary>
    internal static void Write(string path, string kind, string metadata, torch.nn.Module module, Func<string, Stream>? open = null) =>
        Write(path, kind, metadata, Serialize(writer => module.save(writer)), open);

    /// <summary>Writes an arbitrary payload (see <see cref="Serialize"/>) with its kind and metadata, atomically.</summary>
    internal static void Write(string path, string kind, string metadata, byte[] weights, Func<string, Stream>? open = null)
    {
        AtomicFile.Write(path, stream =>
        {
            using var hashing = new HashingStream(stream);
            using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(kind);
                writer.Write(metadata);
                writer.Write((long)weights.Length);
                writer.Write(weights);
            }
            stream.Write(hashing.Hash());
        }, open);
    }

    /// <summary>Reads and verifies <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    internal static Contents Read(string path, string expectedKind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
            throw new ArgumentException($"'{path}' is a folder, not an ArcNet model file.", nameof(path));
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
            throw new InvalidDataException($"'{path}' is empty (0 bytes), so it holds no model. Nothing was ever written to it; point to the saved model or retrain.");
        // A file cut off inside the signature is a truncated model file, not a foreign file.
        if (bytes.Length < Magic.Length && Magic.AsSpan(0, bytes.Length).SequenceEqual(bytes))
            throw Truncated(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not an ArcNet model file (it does not start with ArcNet's signature). Check the path: give a file written by ArcComparator.Save or by training.");

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, bytes.Length - Magic.Length), Encoding.UTF8);
            int version = reader.ReadInt32();
            if (version < 1)
                throw new InvalidDataException($"'{path}' is corrupt: its format version is {version}, which no ArcNet writes. Restore it from a copy or retrain.");
            if (version > FormatVersion)
                throw new InvalidDataException($"'{path}' uses model file format {version}; this ArcNet reads format {FormatVersion}. Update ArcNet to read it.");
            string kind = reader.ReadString();
            if (kind != expectedKind)
                throw new InvalidDataException($"'{path}' holds a {Describe(kind)}, not a {Describe(expectedKind)}. {WhereToFind(expectedKind)}");
            string metadata = reader.ReadString();
            long length = reader.ReadInt64();
            long weightsStart = Magic.Length + reader.BaseStream.Position;
            if (length < 0 || weightsStart + length + HashLength != bytes.Length)
                throw Truncated(path);
            byte[] weights = reader.ReadBytes((int)length);
            byte[] expected = SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashLength));
            if (!bytes.AsSpan(bytes.Length - HashLength).SequenceEqual(expected))
                throw new InvalidDataException($"'{path}' is corrupt: its checksum does not match its content. Restore it from a copy or retrain.");
            return new Contents(kind, metadata, weights);
        }
        catch (EndOfStreamException)
        {
            throw Truncated(path);
        }
    }

    /// <summary>Loads weights into a module built from the file's metadata; a mismatch means the file and metadata disagree.</summary>
    internal static void LoadWeights(torch.nn.Module module, byte[] weights, string path) =>
        ReadPayload(weights, path, reader => module.load(reader, strict: true));

    /// <summary>Reads a payload written with <see cref="Serialize"/>, turning any mismatch into an <see cref="InvalidDataException"/>.</summary>
    internal static void ReadPayload(byte[] payload, string path, Action<BinaryReader> read)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload));
            read(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException(
                $"'{path}' has weights that do not fit the architecture its settings describe ({e.Message}). The settings and the weights " +
                "disagree, so the file was edited or damaged after it was written; restore the original file or retrain.", e);
        }
    }

    /// <summary>Collects what <paramref name="write"/> writes (modules, optimizer states) into one payload.</summary>
    internal static byte[] Serialize(Action<BinaryWriter> write)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
            write(writer);
        return memory.ToArray();
    }

    private static InvalidDataException Truncated(string path) =>
        new($"'{path}' is truncated: it ends before the model it describes is complete. It was probably copied or written only in part; restore it or retrain.");

    private static string WhereToFind(string kind) => kind switch
    {
        ArcComparator.FileKind => "A training run saves the comparator to the --out file and keeps its checkpoint beside it as <file>.checkpoint; load the former.",
        Training.TrainingCheckpoint.FileKind => "Resume from the <file>.checkpoint a training run keeps beside its model, not from the model itself.",
        _ => "Load it with the ArcNet type that wrote it.",
    };

    private static string Describe(string kind) => kind switch
    {
        ArcComparator.FileKind => "comparator (ArcComparator)",
        Training.TrainingCheckpoint.FileKind => "training checkpoint",
        OneShot.FullContextArc.FileKind => "Full Context ARC model (FullContextArc)",
        _ => $"'{kind}' model",
    };

    /// <summary>Passes writes through while hashing them, so the checksum costs no second pass over the file.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
