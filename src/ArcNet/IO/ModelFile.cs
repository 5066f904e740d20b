using System.Text.Json;
using System.Text.Json.Serialization;
using System.Security.Cryptography;
using System.Text;

namespace ArcNet.IO;

/// <summary>
/// ArcNet's self-describing model file: a magic number, a format version, what kind of model it holds, its
/// settings as JSON, the weights in TorchSharp's format, and a SHA-256 of everything before it. One format for
/// every kind (comparators, context models, training checkpoints), each described by its owner with a
/// <see cref="ModelFileKind"/>, so each is checked the same way on load.
/// </summary>
/// <remarks>
/// Layout: "ARCNET\0\u0001" (8 bytes) · int32 format version · string kind · string metadata JSON ·
/// int64 payload length · payload (weights, then any optimizer state) · 32-byte SHA-256 of all preceding bytes.
/// Format 2 names each comparator's model in its options; format 1 had one set of options for every model, and its
/// settings are upgraded as they are read (<see cref="FormatOneSettings"/>).
/// </remarks>
internal static class ModelFile
{
    internal const int FormatVersion = 2;

    /// <summary>How every kind of model file writes its settings: enums by name, so files stay readable and stable.</summary>
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private static ReadOnlySpan<byte> Magic => "ARCNET\0\u0001"u8;
    private const int HashLength = 32;

    /// <summary>What a model file holds, read and verified: its format version, its settings as JSON and its payload (weights and any optimizer state).</summary>
    internal sealed record Contents(int Version, string Settings, byte[] Payload);

    /// <summary>
    /// Writes <paramref name="settings"/> and what <paramref name="writePayload"/> writes (modules with <c>save</c>,
    /// optimizer states) as a file of <paramref name="kind"/>, atomically; <paramref name="open"/> opens the temporary
    /// file, a test seam for failing streams.
    /// </summary>
    internal static void Write<TSettings>(string path, ModelFileKind kind, TSettings settings, Action<BinaryWriter> writePayload, Func<string, Stream>? open = null) =>
        Write(path, kind, JsonSerializer.Serialize(settings, Json), Payload(writePayload), open);

    /// <summary>Writes settings already in JSON and a payload already collected; <see cref="Write{TSettings}"/> is the usual way.</summary>
    internal static void Write(string path, ModelFileKind kind, string settings, byte[] payload, Func<string, Stream>? open = null)
    {
        AtomicFile.Write(path, stream =>
        {
            using var hashing = new HashingStream(stream);
            using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(kind.Name);
                writer.Write(settings);
                writer.Write((long)payload.Length);
                writer.Write(payload);
            }
            stream.Write(hashing.Hash());
        }, open);
    }

    /// <summary>
    /// Reads and verifies a file of <paramref name="kind"/> and its settings, checked by <paramref name="validate"/>
    /// (which throws an <see cref="ArgumentException"/> for a value out of range). Every problem is an
    /// <see cref="InvalidDataException"/> that names the file and what is wrong.
    /// </summary>
    internal static (TSettings Settings, byte[] Payload) Read<TSettings>(string path, ModelFileKind kind, Action<TSettings> validate) where TSettings : class =>
        Read(FileBytes(path), kind, validate);

    /// <summary>
    /// <see cref="Read{TSettings}(string, ModelFileKind, Action{TSettings})"/> of a model read to its end from
    /// <paramref name="stream"/> (left open); messages name the stream's file, or "the model stream".
    /// </summary>
    internal static (TSettings Settings, byte[] Payload) Read<TSettings>(Stream stream, ModelFileKind kind, Action<TSettings> validate) where TSettings : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
            throw new ArgumentException("The stream cannot be read; give a readable stream positioned at the start of a model file.", nameof(stream));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(new Bytes(NameOf(stream), copy.ToArray()), kind, validate);
    }

    /// <summary>What messages call a model stream: its file, or "the model stream".</summary>
    internal static string NameOf(Stream stream) => stream is FileStream file ? file.Name : "the model stream";

    /// <summary>Reads and verifies <paramref name="path"/> as a file of <paramref name="kind"/>, leaving its settings as JSON.</summary>
    internal static Contents Read(string path, ModelFileKind kind) => Read(FileBytes(path), kind);

    /// <summary>A model file's bytes and the name messages give it: its path, or what the stream it came from is.</summary>
    private sealed record Bytes(string Name, byte[] Content);

    private static Bytes FileBytes(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
            throw new ArgumentException($"'{path}' is a folder, not an ArcNet model file.", nameof(path));
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        return new Bytes(path, File.ReadAllBytes(path));
    }

    private static (TSettings Settings, byte[] Payload) Read<TSettings>(Bytes file, ModelFileKind kind, Action<TSettings> validate) where TSettings : class
    {
        var contents = Read(file, kind);
        string path = file.Name;
        TSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize<TSettings>(Upgraded(contents, path), Json) ?? throw new JsonException("the settings are empty");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"'{path}' has {kind.Noun} settings this ArcNet cannot read: {e.Message}", e);
        }
        try
        {
            validate(settings);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' has a {kind.Noun} setting out of range: {e.Message} The file was edited or damaged after it was written; restore it or retrain.", e);
        }
        return (settings, contents.Payload);
    }

    /// <summary>The settings JSON of <paramref name="contents"/> as this format writes it, those of format 1 upgraded.</summary>
    private static string Upgraded(Contents contents, string path)
    {
        if (contents.Version != 1)
            return contents.Settings;
        try
        {
            return FormatOneSettings.Upgrade(contents.Settings, Json);
        }
        catch (NotSupportedException e)
        {
            throw new InvalidDataException($"'{path}' was written by an earlier ArcNet for a model it no longer builds: {e.Message}. Retrain the model.", e);
        }
    }

    private static Contents Read(Bytes file, ModelFileKind kind)
    {
        string path = file.Name;
        byte[] bytes = file.Content;
        if (bytes.Length == 0)
            throw new InvalidDataException($"'{path}' is empty (0 bytes), so it holds no model. Nothing was ever written to it; point to the saved model or retrain.");
        // A file cut off inside the signature is a truncated model file, not a foreign file.
        if (bytes.Length < Magic.Length && Magic.StartsWith(bytes))
            throw Truncated(path);
        if (!bytes.AsSpan().StartsWith(Magic))
            throw new InvalidDataException($"'{path}' is not an ArcNet model file (it does not start with ArcNet's signature). Check the path: give a file written by ArcComparator.Save or by training.");

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, bytes.Length - Magic.Length), Encoding.UTF8);
            int version = reader.ReadInt32();
            if (version < 1)
                throw new InvalidDataException($"'{path}' is corrupt: its format version is {version}, which no ArcNet writes. Restore it from a copy or retrain.");
            if (version > FormatVersion)
                throw new InvalidDataException($"'{path}' uses model file format {version}; this ArcNet reads format {FormatVersion}. Update ArcNet to read it.");
            string found = reader.ReadString();
            if (found != kind.Name)
                throw new InvalidDataException($"'{path}' holds a model file of kind '{found}', not a {kind.Description}. {kind.Advice}");
            string settings = reader.ReadString();
            long length = reader.ReadInt64();
            long payloadStart = Magic.Length + reader.BaseStream.Position;
            if (length < 0 || payloadStart + length + HashLength > bytes.Length)
                throw Truncated(path);
            if (payloadStart + length + HashLength < bytes.Length)
                throw new InvalidDataException($"'{path}' has {bytes.Length - payloadStart - length - HashLength} bytes after the end of the model it describes: " +
                                               "something was appended to it. Restore it from a copy or retrain.");
            byte[] payload = reader.ReadBytes((int)length);
            byte[] expected = SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashLength));
            if (!bytes.AsSpan(bytes.Length - HashLength).SequenceEqual(expected))
                throw new InvalidDataException($"'{path}' is corrupt: its checksum does not match its content. Restore it from a copy or retrain.");
            return new Contents(version, settings, payload);
        }
        catch (EndOfStreamException)
        {
            throw Truncated(path);
        }
    }

    /// <summary>Reads a payload back (modules with <c>load</c>, optimizer states), turning any mismatch into an <see cref="InvalidDataException"/>.</summary>
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

    /// <summary>Collects what <paramref name="write"/> writes into one payload.</summary>
    private static byte[] Payload(Action<BinaryWriter> write)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
            write(writer);
        return memory.ToArray();
    }

    private static InvalidDataException Truncated(string path) =>
        new($"'{path}' is truncated: it ends before the model it describes is complete. It was probably copied or written only in part; restore it or retrain.");

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
