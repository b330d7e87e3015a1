; Inno Setup 6 script for the Windows installer of High Needs Briefing.
;
; Normally run by `python packaging/build.py`, which passes the values below; by hand (from the repository root):
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\HighNeedsBriefing /DOutputDir=dist ^
;        /DIconFile=resources\icons\briefing.ico packaging\windows\installer.iss
;
; Installs per user by default (no administrator rights needed, as on many council laptops); IT can install
; for all users with `/ALLUSERS` on the command line or the choice in the first page. Silent install for
; deployment tools: `HighNeedsBriefing-<version>-setup.exe /VERYSILENT /ALLUSERS`.
;
; Authenticode signing: build.py passes /DSign and /Ssigntool="signtool sign /sha1 <thumbprint> ... $f" when
; WINDOWS_SIGN_CERT_SHA1 is set, and Inno Setup then signs both the installer and the uninstaller.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=...
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\HighNeedsBriefing"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\resources\icons\briefing.ico"
#endif
#define AppName "High Needs Briefing"
#define AppExe "HighNeedsBriefing.exe"

[Setup]
; The AppId identifies the app to Windows for upgrades and uninstall: never change it.
AppId={{6F1C2B7E-3D4A-4E8B-9C21-5A7D0E9B4F13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=High Needs Briefing contributors
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=HighNeedsBriefing-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
#ifdef Sign
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder app: both executables, _internal\ with Python, Qt, the data package, fonts and notices.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "SEND high needs funding and DSG deficits"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Uninstalling removes the program folder only. Settings, imported files and logs live in the user's own folders
; (%APPDATA% and %LOCALAPPDATA%) and are left in place, as Windows users expect.
