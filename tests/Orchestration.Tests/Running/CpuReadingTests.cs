using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>What decides "the same CPU": model, vendor, instruction sets, and their class.</summary>
[Trait("Tier", "Unit")]
public class CpuReadingTests
{
    private static string CpuInfo(string vendor, string model, string flags) =>
        $"processor\t: 0\nvendor_id\t: {vendor}\nmodel name\t: {model}\nflags\t\t: {flags}\nbugs\t\t: spectre_v1\n\nprocessor\t: 1\nvendor_id\t: Other\n";

    private const string Baseline = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr " +
        "pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc";
    private const string V2 = " pni ssse3 cx16 sse4_1 sse4_2 popcnt lahf_lm";
    private const string V3 = " fma movbe xsave avx f16c abm bmi1 avx2 bmi2";
    private const string V4 = " avx512f avx512dq avx512cd avx512bw avx512vl";

    [Theory]
    [InlineData(Baseline, "x86-64-v1")]
    [InlineData(Baseline + V2, "x86-64-v2")]
    [InlineData(Baseline + V2 + V3, "x86-64-v3")]
    [InlineData(Baseline + V2 + V3 + V4 + " avx512_vnni avx512_bf16", "x86-64-v4")]
    [InlineData(Baseline + V2 + V3 + " avx512f", "x86-64-v3")] // a level needs all of its flags
    [InlineData(Baseline + V3 + V4, "x86-64-v1")] // and every lower level's
    public void The_class_is_the_highest_x86_64_level_whose_flags_are_all_there_and_the_vendor(string flags, string level)
    {
        var cpu = CpuReading.Parse(CpuInfo("GenuineIntel", "Intel(R) Xeon(R) CPU", flags))!;

        Assert.Equal($"{level} GenuineIntel", cpu.Class);
        Assert.Equal("Intel(R) Xeon(R) CPU", cpu.Model);
        Assert.Equal("GenuineIntel", cpu.Vendor);
    }

    [Fact]
    public void Instruction_sets_keep_simd_and_fma_flags_and_drop_what_kernels_and_hypervisors_add()
    {
        var cpu = CpuReading.Parse(CpuInfo("AuthenticAMD", "AMD EPYC", Baseline + V2 + V3 + " hypervisor md_clear arch_capabilities sha_ni amx_tile"))!;

        Assert.Contains("avx2", cpu.InstructionSets);
        Assert.Contains("fma", cpu.InstructionSets);
        Assert.Contains("sha_ni", cpu.InstructionSets);
        Assert.Contains("amx_tile", cpu.InstructionSets);
        Assert.DoesNotContain("hypervisor", cpu.InstructionSets);
        Assert.DoesNotContain("md_clear", cpu.InstructionSets);
        Assert.DoesNotContain("constant_tsc", cpu.InstructionSets);
        Assert.DoesNotContain("tsc", cpu.InstructionSets);
    }

    [Fact]
    public void Only_the_first_processor_is_read_and_arm_features_give_a_vendor_class()
    {
        var arm = CpuReading.Parse("processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd aes sve\nCPU implementer\t: 0x41\n\nprocessor\t: 1\n")!;

        Assert.Equal("non-x86 0x41", arm.Class);
        Assert.Equal(["fp", "asimd", "aes", "sve"], arm.InstructionSets);
        Assert.Equal("unknown", arm.Model);
        Assert.Null(CpuReading.Parse(""));
    }

    [Fact]
    public void This_machine_has_a_class()
    {
        var cpu = CpuReading.OfThisMachine();

        Assert.NotNull(cpu);
        Assert.Matches("^(x86-64-v[1-4]|non-x86) ", cpu.Class);
        Assert.NotEmpty(cpu.InstructionSets);
    }
}
