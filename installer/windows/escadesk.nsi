; escadesk's Windows installer (NSIS 3): a per-user install, no administrator rights.
;
; Built by installer/build.py from the PyInstaller bundle folder:
;   makensis -DVERSION=0.1.0 -DVI_VERSION=0.1.0.0 -DSOURCE_DIR=dist\escadesk
;            -DOUTFILE=escadesk-0.1.0-setup.exe [-DICON=escadesk.ico] [-DAPP_EXE=escadesk.exe]
;            installer\windows\escadesk.nsi
;
; - Installs into %LOCALAPPDATA%\Programs\escadesk (the per-user programs folder), with a
;   Start-menu shortcut and, if ticked, a desktop shortcut.
; - Registers in Add/Remove Programs under HKCU with its version, size and publisher.
; - An update installs over the old version; the program folder is replaced, the data is not.
; - The uninstaller removes the program and its shortcuts, and keeps the director's data
;   (%LOCALAPPDATA%\escadesk: workshops, card vault, backups, settings; the folder
;   escadesk.app.default_data_dir gives on Windows) unless its box is ticked.
; - Speaks English and French (issue 21): it opens in the system's language (French on a
;   French or Canadian-French Windows, English otherwise) and asks which one, unless a
;   silent install (/S). The choice is kept in the Add/Remove Programs key
;   (InstallerLanguage) for the uninstaller and the next update. Every text of ours below
;   is a LangString given in both languages (tests/packaging/test_installer_locale.py).

Unicode true
ManifestDPIAware true

!include "MUI2.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "Pass the version: makensis -DVERSION=0.1.0 ..."
!endif
!ifndef VI_VERSION
  !define VI_VERSION "${VERSION}.0"
!endif
!ifndef SOURCE_DIR
  !error "Pass the bundle folder: makensis -DSOURCE_DIR=dist\escadesk ..."
!endif
!ifndef OUTFILE
  !define OUTFILE "escadesk-${VERSION}-setup.exe"
!endif
!ifndef APP_EXE
  !define APP_EXE "escadesk.exe"
!endif

!define APP_NAME "escadesk"
!define PUBLISHER "Institute for Competitiveness & Prosperity"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"
; platformdirs.user_data_path("escadesk", appauthor=False, roaming=False) on Windows.
!define DATA_DIR "$LOCALAPPDATA\${APP_NAME}"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
BrandingText "${APP_NAME} ${VERSION}"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(FinishRunText)"
; The language dialog comes before a language is chosen: it asks in both.
!define MUI_LANGDLL_WINDOWTITLE "${APP_NAME}"
!define MUI_LANGDLL_INFO "Choose the installer's language.$\r$\nChoisissez la langue de l'installation."
; Every language of the script, whatever the system's code page (the installer is Unicode).
!define MUI_LANGDLL_ALLLANGUAGES
; Remembered where the rest of the installation is registered: the uninstaller reads it,
; an update speaks it without asking again, and the uninstall removes it with the key.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the one used when the system's is neither.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_RESERVEFILE_LANGDLL

; -- our texts, in both languages (Canadian French, professional register) --------------

LangString FinishRunText ${LANG_ENGLISH} "Start ${APP_NAME}"
LangString FinishRunText ${LANG_FRENCH} "Lancer ${APP_NAME}"
LangString SecDesktopName ${LANG_ENGLISH} "Desktop shortcut"
LangString SecDesktopName ${LANG_FRENCH} "Raccourci sur le bureau"
LangString SecAppDescription ${LANG_ENGLISH} "The ${APP_NAME} program and its Start-menu shortcut."
LangString SecAppDescription ${LANG_FRENCH} "Le programme ${APP_NAME} et son raccourci dans le menu Démarrer."
LangString SecDesktopDescription ${LANG_ENGLISH} "A shortcut to ${APP_NAME} on the desktop."
LangString SecDesktopDescription ${LANG_FRENCH} "Un raccourci vers ${APP_NAME} sur le bureau."
LangString UnSecAppName ${LANG_ENGLISH} "Uninstall ${APP_NAME}"
LangString UnSecAppName ${LANG_FRENCH} "Désinstaller ${APP_NAME}"
LangString UnSecDataName ${LANG_ENGLISH} "Also delete my ${APP_NAME} data"
LangString UnSecDataName ${LANG_FRENCH} "Supprimer aussi mes données ${APP_NAME}"
LangString UnSecAppDescription ${LANG_ENGLISH} "Remove the ${APP_NAME} program and its shortcuts. Your data is kept."
LangString UnSecAppDescription ${LANG_FRENCH} "Retirer le programme ${APP_NAME} et ses raccourcis. Vos données sont conservées."
LangString UnSecDataDescription ${LANG_ENGLISH} "Also delete your workshops, the card vault, backups and settings in ${DATA_DIR}. This cannot be undone."
LangString UnSecDataDescription ${LANG_FRENCH} "Supprimer aussi vos ateliers, le coffre-fort des cartes, les sauvegardes et les paramètres dans ${DATA_DIR}. Cette opération est irréversible."

; The installer's file properties (Windows shows the table of its own language).
VIProductVersion "${VI_VERSION}"
!macro VERSION_KEYS LANG_ID DESCRIPTION
  VIAddVersionKey /LANG=${LANG_ID} "ProductName" "${APP_NAME}"
  VIAddVersionKey /LANG=${LANG_ID} "CompanyName" "${PUBLISHER}"
  VIAddVersionKey /LANG=${LANG_ID} "FileDescription" "${DESCRIPTION}"
  VIAddVersionKey /LANG=${LANG_ID} "FileVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG_ID} "ProductVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG_ID} "LegalCopyright" "© ${PUBLISHER}"
!macroend
!insertmacro VERSION_KEYS ${LANG_ENGLISH} "${APP_NAME} installer"
!insertmacro VERSION_KEYS ${LANG_FRENCH} "Programme d'installation d'${APP_NAME}"

Function .onInit
  ; The remembered language (an update), else asks; a silent install takes the system's.
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  ; The uninstaller speaks the language the installation was made in.
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; -- install -----------------------------------------------------------------------------

Section "${APP_NAME}" SecApp
  SectionIn RO
  SetShellVarContext current
  ; An update: the old program files go first (a stale library must not linger); the data
  ; folder is elsewhere and untouched.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ; MUI saves it when the last page is left; a silent install shows no page, so here too.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "${MUI_LANGDLL_REGISTRY_VALUENAME}" "$LANGUAGE"
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section /o "$(SecDesktopName)" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "$(SecAppDescription)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(SecDesktopDescription)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; -- uninstall ---------------------------------------------------------------------------

Section "un.$(UnSecAppName)" UnSecApp
  SectionIn RO
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only what the installer put there: never a recursive delete of the chosen folder.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

Section /o "un.$(UnSecDataName)" UnSecData
  ; Workshops, registrations, the card vault, backups and settings.
  RMDir /r "${DATA_DIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecApp} "$(UnSecAppDescription)"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "$(UnSecDataDescription)"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
