using System.Text.Json;
using System.Text.Json.Nodes;

namespace ArcNet.IO;

/// <summary>
/// Reads the settings of model files of format 1, written before each model had its own options: one flat record for
/// every architecture, with the model named by its <c>Architecture</c>. Their <c>Options</c> become the options of the
/// model they describe, so comparators and training checkpoints of format 1 load and resume as they were. Two shapes
/// that format allowed are no longer built and are refused, naming why: the MLP similarity head (no recipe used it) and
/// ConvARC-lite without the embedding's evidence (its training failed at the first step).
/// </summary>
internal static class FormatOneSettings
{
    /// <summary>The settings JSON with its format-1 <c>Options</c>, if any, rewritten as the options of today's model.</summary>
    /// <exception cref="JsonException">The options are not readable.</exception>
    /// <exception cref="NotSupportedException">The options describe a model ArcNet no longer builds; the message says which.</exception>
    internal static string Upgrade(string settings, JsonSerializerOptions json)
    {
        var root = JsonNode.Parse(settings) as JsonObject ?? throw new JsonException("the settings are not a JSON object");
        if (root["Options"] is not JsonObject old)
            return settings;
        var options = old.Deserialize<FlatOptions>(json) ?? throw new JsonException("the options are empty");
        root["Options"] = JsonSerializer.SerializeToNode(options.ToOptions(), json);
        return root.ToJsonString(json);
    }

    /// <summary>Format 1's options: every setting of every architecture, with the defaults that format had.</summary>
    private sealed record FlatOptions(
        int ImageSize = 32, int ImageChannels = 1, int GlimpseSize = 4, int GlimpsesPerImage = 8, int HiddenSize = 512,
        string Architecture = "Plain", string ParameterMapping = "Linear", string Head = "Verification",
        double InputDropout = 0.2, double TrunkDropout = 0.3, int TrunkChannels = 64, int AttendedBlocks = 2,
        int AttentionChannels = 16, bool MetricEvidence = false, double ControllerShare = 0.45)
    {
        internal ComparatorOptions ToOptions()
        {
            if (Head != "Verification")
                throw new NotSupportedException($"the model uses the {Head} similarity head, which ArcNet no longer builds (no recipe used it)");
            return Architecture switch
            {
                "Plain" => Controller(new PlainArcOptions()),
                "Conv" => Controller(new ConvArcOptions { TrunkDropout = TrunkDropout }),
                "LightConv" when MetricEvidence => Controller(new ConvArcLiteOptions
                {
                    TrunkChannels = TrunkChannels, AttendedBlocks = AttendedBlocks, AttentionChannels = AttentionChannels, ControllerShare = ControllerShare,
                }),
                "LightConv" => throw new NotSupportedException("the model is ConvARC-lite without the embedding's evidence, which ArcNet no longer builds (it could not be trained)"),
                "Prototypical" => new PrototypicalOptions { ImageSize = ImageSize, ImageChannels = ImageChannels, TrunkChannels = TrunkChannels },
                _ => throw new JsonException($"the architecture '{Architecture}' is not one ArcNet knows"),
            };
        }

        /// <summary>An ARC model's options with this record's image and controller settings.</summary>
        private ArcOptions Controller(ArcOptions model) => model with
        {
            ImageSize = ImageSize, ImageChannels = ImageChannels, HiddenSize = HiddenSize, GlimpseSize = GlimpseSize,
            GlimpsesPerImage = GlimpsesPerImage, BoundedWindow = ParameterMapping == "Tanh", InputDropout = InputDropout,
        };
    }
}
