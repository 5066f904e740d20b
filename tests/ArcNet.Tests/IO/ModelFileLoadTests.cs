using System.Buffers.Binary;
using System.Security.Cryptography;
using ArcNet.IO;
using ArcNet.Modules;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ArcNet.Tests.IO;

/// <summary>
/// Each way a model or checkpoint file can be wrong gets its own message naming what is wrong, so a user can
/// tell a half-copied file from a foreign one, a newer format, an edited file or the wrong kind of file.
/// </summary>
public class ModelFileLoadTests(ITestOutputHelper output)
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 32, GlimpsesPerImage = 2 };

    private sealed record BadFile(Func<string> Make, Action<string> Load, string Message);

    private static readonly Dictionary<string, BadFile> Cases = new()
    {
        ["empty"] = new(() => Write([]), LoadComparator, "*is empty (0 bytes)*"),
        ["truncated"] = new(() => Write(SavedModelBytes()[..^1000]), LoadComparator, "*is truncated*"),
        ["bytes appended"] = new(() => Write([.. SavedModelBytes(), .. "appended"u8.ToArray()]), LoadComparator, "*has 8 bytes after the end of the model it describes: something was appended*"),
        ["settings without model options"] = new(() => Rewritten(SavedModel(), _ => "{}"), LoadComparator, "*a comparator setting out of range: the settings name no model options*"),
        ["foreign"] = new(() => Write("PK\u0003\u0004 a zip, not a model"u8.ToArray()), LoadComparator, "*is not an ArcNet model file*"),
        ["newer format"] = new(() => Write(WithVersion(SavedModelBytes(), 3)), LoadComparator, "*uses model file format 3; this ArcNet reads format 2. Update ArcNet*"),
        ["invalid version"] = new(() => Write(WithVersion(SavedModelBytes(), 0)), LoadComparator, "*corrupt: its format version is 0*"),
        ["bit flip"] = new(() => Write(Flipped(SavedModelBytes())), LoadComparator, "*corrupt: its checksum does not match*"),
        ["checkpoint loaded as a model"] = new(SavedCheckpoint, LoadComparator, "*holds a model file of kind 'arc-training-checkpoint', not a comparator (ArcComparator)*load the former*"),
        ["model resumed as a checkpoint"] = new(SavedModel, LoadCheckpoint, "*holds a model file of kind 'arc-comparator', not a training checkpoint*Resume from the <file>.checkpoint*"),
        ["settings say hidden 64, weights are hidden 32"] = new(
            () => Rewritten(SavedModel(), metadata => metadata.Replace("\"HiddenSize\":32", "\"HiddenSize\":64", StringComparison.Ordinal)),
            LoadComparator, "*weights that do not fit the architecture its settings describe*"),
        ["unreadable settings"] = new(() => Rewritten(SavedModel(), _ => "{ not json"), LoadComparator, "*comparator settings this ArcNet cannot read*"),
        ["settings out of range"] = new(
            () => Rewritten(SavedModel(), metadata => metadata.Replace("\"PixelMean\":0", "\"PixelMean\":7", StringComparison.Ordinal)),
            LoadComparator, "*a comparator setting out of range*PixelMean*"),
        ["checkpoint of another model"] = new(SavedCheckpoint, path => LoadCheckpoint(path, Small with { HiddenSize = 16 }), "*was written for a different model (HiddenSize 32 in the checkpoint, 16 now)*"),
        ["checkpoint of another kind of model"] = new(SavedCheckpoint, LoadLiteCheckpoint, "*was written for a different model (ARC (hidden 32, 2 glimpses of 4x4 per image) in the checkpoint, ConvARC-lite (*) now)*"),
        // Format 1 had one set of options for every model, so it could describe models ArcNet no longer builds.
        ["format 1 with the MLP head"] = new(
            () => FormatOne(SavedModel(), """{"Options":{"HiddenSize":32,"GlimpsesPerImage":2,"Head":"Mlp"},"PixelMean":0}"""),
            LoadComparator, "*written by an earlier ArcNet for a model it no longer builds: the model uses the Mlp similarity head*Retrain*"),
        ["format 1 ConvARC-lite without the embedding's evidence"] = new(
            () => FormatOne(SavedModel(), """{"Options":{"Architecture":"LightConv","HiddenSize":32,"GlimpsesPerImage":2},"PixelMean":0}"""),
            LoadComparator, "*written by an earlier ArcNet for a model it no longer builds: the model is ConvARC-lite without the embedding*"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_bad_file_is_refused_with_a_message_that_names_the_problem_and_the_file(string name)
    {
        var bad = Cases[name];
        string path = bad.Make();

        var load = () => bad.Load(path);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage(bad.Message).Which.Message.Should().Contain(path);
    }

    [Fact]
    public void No_two_kinds_of_bad_file_share_a_message()
    {
        var messages = Cases.ToDictionary(c => c.Key, c => MessageOf(c.Value));
        foreach (var (name, message) in messages)
            output.WriteLine($"{name}: {message}");

        foreach (var (name, message) in messages)
            foreach (var (other, bad) in Cases.Where(c => c.Key != name))
                message.Should().NotMatch(bad.Message, $"the message for '{name}' must not read like the one for '{other}'");
    }

    [Fact]
    public void A_model_file_cut_at_any_point_is_reported_as_truncated()
    {
        byte[] bytes = SavedModelBytes();
        // Every byte of the header, then points spread through the weights and the checksum.
        var cuts = Enumerable.Range(1, 80).Concat(Enumerable.Range(1, 50).Select(i => (int)((long)bytes.Length * i / 51))).Concat(Enumerable.Range(1, 33).Select(i => bytes.Length - i));
        string path = Write([]);
        output.WriteLine($"cutting the {bytes.Length}-byte file at {cuts.Distinct().Count()} points");

        foreach (int cut in cuts.Distinct())
        {
            File.WriteAllBytes(path, bytes[..cut]);

            var load = () => ArcComparator.Load(path);

            load.Should().ThrowExactly<InvalidDataException>($"the file cut at byte {cut} of {bytes.Length}").WithMessage("*is truncated*");
        }
    }

    [Fact]
    public void A_model_loads_from_a_stream_as_from_its_file_and_a_cut_stream_is_reported_as_truncated()
    {
        string path = SavedModel();
        using var fromFile = ArcComparator.Load(path);
        using var stream = new MemoryStream(File.ReadAllBytes(path));

        using var fromStream = ArcComparator.Load(stream);

        fromStream.Options.Should().Be(fromFile.Options);
        foreach (var (name, weight) in fromFile.Network.state_dict())
            fromStream.Network.state_dict()[name].bytes.ToArray().Should().Equal(weight.bytes.ToArray(), name);
        var cut = () => ArcComparator.Load(new MemoryStream(File.ReadAllBytes(path)[..^100]));
        cut.Should().ThrowExactly<InvalidDataException>().WithMessage("'the model stream' is truncated*");
        var unreadable = () => ArcComparator.Load(new FailingStream(new MemoryStream(), failAfter: 0));
        unreadable.Should().Throw<ArgumentException>().WithMessage("*cannot be read*");
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("arcnet-load-").FullName, "missing.arc");

        var load = () => ArcComparator.Load(path);

        load.Should().ThrowExactly<FileNotFoundException>().WithMessage($"*{path}*does not exist*");
    }

    private static string MessageOf(BadFile bad)
    {
        string path = bad.Make();
        return Assert.Throws<InvalidDataException>(() => bad.Load(path)).Message;
    }

    private static void LoadComparator(string path) => ArcComparator.Load(path).Dispose();

    private static void LoadCheckpoint(string path) => LoadCheckpoint(path, Small);

    private static void LoadLiteCheckpoint(string path)
    {
        using var current = ArcNetwork.ConvArcLite(TinyModels.Lite);
        using var best = ArcNetwork.ConvArcLite(TinyModels.Lite);
        using var optimizer = optim.Adam(current.parameters(), 1e-3);
        TrainingCheckpoint.Read(path, TinyModels.Lite, current, best, optimizer);
    }

    private static void LoadCheckpoint(string path, PlainArcOptions expected)
    {
        using var current = ArcNetwork.PlainArc(expected);
        using var best = ArcNetwork.PlainArc(expected);
        using var optimizer = optim.Adam(current.parameters(), 1e-3);
        TrainingCheckpoint.Read(path, expected, current, best, optimizer);
    }

    private static string NewPath() => Path.Combine(Directory.CreateTempSubdirectory("arcnet-load-").FullName, "model.arc");

    private static string Write(byte[] bytes)
    {
        string path = NewPath();
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string SavedModel()
    {
        string path = NewPath();
        using var comparator = new ArcComparator(Small);
        comparator.Save(path);
        return path;
    }

    private static byte[] SavedModelBytes() => File.ReadAllBytes(SavedModel());

    private static string SavedCheckpoint()
    {
        string path = NewPath() + ".checkpoint";
        using var current = ArcNetwork.PlainArc(Small);
        using var best = ArcNetwork.PlainArc(Small);
        using var optimizer = optim.Adam(current.parameters(), 1e-3);
        TrainingCheckpoint.Write(path, new TrainingCheckpoint.State(Small, 0.1, 100, null), current, best, optimizer);
        return path;
    }

    /// <summary>The same file with its settings edited and a valid checksum, as a hand-edited or mis-generated file would be.</summary>
    private static string Rewritten(string path, Func<string, string> editMetadata)
    {
        var contents = ModelFile.Read(path, ArcComparator.FileKind);
        string edited = editMetadata(contents.Settings);
        edited.Should().NotBe(contents.Settings, "the edit must change the settings");
        ModelFile.Write(path, ArcComparator.FileKind, edited, contents.Payload);
        return path;
    }

    /// <summary>The file with format-1 settings in its header, as that format would have written them, and a valid checksum.</summary>
    private static string FormatOne(string path, string settings)
    {
        var contents = ModelFile.Read(path, ArcComparator.FileKind);
        ModelFile.Write(path, ArcComparator.FileKind, settings, contents.Payload);
        File.WriteAllBytes(path, WithVersion(File.ReadAllBytes(path), 1));
        return path;
    }

    /// <summary>The file as a different format version would write it, with a valid checksum.</summary>
    private static byte[] WithVersion(byte[] bytes, int version)
    {
        var copy = bytes.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(8), version);
        SHA256.HashData(copy.AsSpan(0, copy.Length - 32)).CopyTo(copy.AsSpan(copy.Length - 32));
        return copy;
    }

    private static byte[] Flipped(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[copy.Length / 2] ^= 0x40;
        return copy;
    }
}
