using System.Collections.Immutable;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>One attribute read into plain values: which derivative, in which mode, with which activities.</summary>
    internal sealed class DerivativeRequest
    {
        public DerivativeRequest(DerivativeMode mode, string? name, int width, bool hasWidth, ImmutableArray<int> activities, int thisActivity, Location? location)
        {
            Mode = mode;
            Name = name;
            Width = width;
            HasWidth = hasWidth;
            Activities = activities;
            ThisActivity = thisActivity;
            Location = location;
        }

        public DerivativeMode Mode { get; }

        /// <summary>The derivative's name as written; null when the attribute passed null.</summary>
        public string? Name { get; }

        /// <summary>Tangents per Dual value: 1 unless the batch forward constructor gave another.</summary>
        public int Width { get; }

        /// <summary>Whether the batch constructor (name, width, activities) was used.</summary>
        public bool HasWidth { get; }

        /// <summary>Raw activity values, so values outside the enum can be reported rather than crash.</summary>
        public ImmutableArray<int> Activities { get; }

        public int ThisActivity { get; }

        /// <summary>The attribute in source: where every diagnostic about this derivative is reported.</summary>
        public Location? Location { get; }

        /// <summary>Batch mode with more than one tangent: shadows and tangents get _0.._{width-1} suffixes.</summary>
        public bool IsBatch => Mode == DerivativeMode.Forward && Width > 1;

        public string ModeName => Mode == DerivativeMode.Reverse ? "reverse" : "forward";

        public string AttributeName => Mode == DerivativeMode.Reverse ? "AutoDiffReverse" : "AutoDiffForward";
    }
}
