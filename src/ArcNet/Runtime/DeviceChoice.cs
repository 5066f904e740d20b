using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Runtime;

/// <summary>Resolves the device a user asked for, failing early and clearly when it cannot be used.</summary>
internal static class DeviceChoice
{
    internal static Device Resolve(Device? device)
    {
        TorchRuntime.EnsureAvailable();
        if (device is null || device.type == DeviceType.CPU)
            return device ?? CPU;
        if (device.type == DeviceType.CUDA)
        {
            if (!cuda.is_available())
                throw new ArgumentException("CUDA was requested but no CUDA device is usable: build the application with -p:TorchBackend=cuda " +
                                            "(package TorchSharp-cuda-linux) on a machine with an NVIDIA GPU and driver, or use the CPU.", nameof(device));
            if (device.index >= cuda.device_count())
                throw new ArgumentException($"CUDA device {device.index} was requested but only {cuda.device_count()} are present.", nameof(device));
            // Tensors report "cuda:0", never a bare "cuda": name the index so device comparisons hold.
            return device.index < 0 ? new Device(DeviceType.CUDA, 0) : device;
        }
        throw new ArgumentException($"Device type {device.type} is not supported by ArcNet; use the CPU or CUDA.", nameof(device));
    }

    /// <summary>
    /// Builds a module for inference on <paramref name="device"/>: seeds TorchSharp's global generator first when
    /// <paramref name="seed"/> is given (so the same seed gives the same initial weights), then moves it and sets eval mode.
    /// </summary>
    internal static T Build<T>(Func<T> build, Device device, int? seed) where T : nn.Module
    {
        if (seed is int s)
            manual_seed(s);
        var module = build();
        module.to(device);
        module.eval();
        return module;
    }

    /// <summary>Whether two devices are the same; TorchSharp's Device compares by reference.</summary>
    internal static bool Same(Device a, Device b) => a.type == b.type && Math.Max(a.index, 0) == Math.Max(b.index, 0);

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    internal static Device Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string lower = name.Trim().ToLowerInvariant();
        if (lower == "cpu")
            return Resolve(CPU);
        if (lower == "cuda")
            return Resolve(new Device(DeviceType.CUDA, -1));   // torch.CUDA itself throws when no CUDA backend is loaded
        if (lower.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(lower[5..], out int index) && index >= 0)
            return Resolve(new Device(DeviceType.CUDA, index));
        throw new ArgumentException($"Unknown device '{name}'; use cpu, cuda or cuda:N.", nameof(name));
    }
}
