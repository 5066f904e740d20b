using ArcNet.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests;

/// <summary>The devices tensor tests run on: the CPU always, CUDA too where a CUDA backend and GPU are present.</summary>
public static class TestDevices
{
    public static TheoryData<string> All
    {
        get
        {
            TorchRuntime.EnsureAvailable();
            var data = new TheoryData<string> { "cpu" };
            if (cuda.is_available())
                data.Add("cuda");
            return data;
        }
    }

    public static Device Get(string name) => name == "cuda" ? CUDA : CPU;
}
