using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// Keeps a module's own tensors out of the caller's dispose scope. TorchSharp registers every new tensor with the
/// thread's current <c>NewDisposeScope</c>, a parameter made with <c>new Parameter(...)</c> and a buffer included, so a
/// model built inside a caller's scope (loading a comparator within a loop's scope, say) would lose its weights when that
/// scope ends, and its state dict would silently drop them. TorchSharp's own layers keep theirs; ArcNet's call this last.
/// </summary>
internal static class OwnTensors
{
    /// <summary>Detaches the parameters and buffers of <paramref name="module"/> and of its submodules from any dispose scope.</summary>
    internal static void DetachFromDisposeScope(nn.Module module)
    {
        foreach (var parameter in module.parameters())
            parameter.DetachFromDisposeScope();
        foreach (var buffer in module.buffers())
            buffer.DetachFromDisposeScope();
    }
}
