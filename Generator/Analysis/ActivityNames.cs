using System;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Analysis
{
    /// <summary>How activities and positions are named in diagnostics and which activities each mode accepts.</summary>
    internal static class ActivityNames
    {
        public static bool IsKnown(int value) => Enum.IsDefined(typeof(ActivityKind), value);

        /// <summary>"Dual", or "(Activity)42" for a value outside the enum.</summary>
        public static string Display(int value) => IsKnown(value) ? ((ActivityKind)value).ToString() : $"(Activity){value}";

        public static bool IsValidInMode(ActivityKind activity, DerivativeMode mode) => mode == DerivativeMode.Reverse
            ? activity is ActivityKind.Const or ActivityKind.Active or ActivityKind.ActiveOnly or ActivityKind.Duplicated or ActivityKind.DuplicatedOnly
            : activity is ActivityKind.Const or ActivityKind.Dual or ActivityKind.DualOnly;

        /// <summary>The fix for an activity of the other mode: the list this mode accepts and where the others belong.</summary>
        public static string ValidList(DerivativeMode mode) => mode == DerivativeMode.Reverse
            ? "Const, Active, ActiveOnly, Duplicated or DuplicatedOnly (Dual and DualOnly belong to [AutoDiffForward])"
            : "Const, Dual or DualOnly (Active, ActiveOnly, Duplicated and DuplicatedOnly belong to [AutoDiffReverse])";

        /// <summary>Activities that put a shadow parameter after their parameter.</summary>
        public static bool HasShadow(ActivityKind activity)
            => activity is ActivityKind.Duplicated or ActivityKind.DuplicatedOnly or ActivityKind.Dual or ActivityKind.DualOnly;

        /// <summary>Activities whose gradient (reverse) is part of the result.</summary>
        public static bool IsActive(ActivityKind activity) => activity is ActivityKind.Active or ActivityKind.ActiveOnly;
    }
}
