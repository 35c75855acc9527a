/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (c) 2026 The tui-chat authors. */
/* Every numeric reply once, in order of code (looked up by binary search):
 * code, name and default text (RFC 1459/2812, Modern IRC). X(code, NAME,
 * "text"); text is the trailing parameter where the reply has a fixed
 * one, "" where the caller supplies it. */
#ifndef IRC_NUMERIC_H
#define IRC_NUMERIC_H

#define IRC_NUMERICS(X)							\
	X(1, RPL_WELCOME, "")						\
	X(2, RPL_YOURHOST, "")						\
	X(3, RPL_CREATED, "")						\
	X(4, RPL_MYINFO, "")						\
	X(5, RPL_ISUPPORT, "are supported by this server")		\
	X(211, RPL_STATSLINKINFO, "")					\
	X(212, RPL_STATSCOMMANDS, "")					\
	X(219, RPL_ENDOFSTATS, "End of /STATS report")			\
	X(221, RPL_UMODEIS, "")						\
	X(242, RPL_STATSUPTIME, "")					\
	X(243, RPL_STATSOLINE, "")					\
	X(251, RPL_LUSERCLIENT, "")					\
	X(252, RPL_LUSEROP, "operator(s) online")			\
	X(253, RPL_LUSERUNKNOWN, "unknown connection(s)")		\
	X(254, RPL_LUSERCHANNELS, "channels formed")			\
	X(255, RPL_LUSERME, "")						\
	X(256, RPL_ADMINME, "Administrative info")			\
	X(257, RPL_ADMINLOC1, "")					\
	X(258, RPL_ADMINLOC2, "")					\
	X(259, RPL_ADMINEMAIL, "")					\
	X(265, RPL_LOCALUSERS, "")					\
	X(266, RPL_GLOBALUSERS, "")					\
	X(301, RPL_AWAY, "")						\
	X(302, RPL_USERHOST, "")					\
	X(303, RPL_ISON, "")						\
	X(305, RPL_UNAWAY, "You are no longer marked as being away")	\
	X(306, RPL_NOWAWAY, "You have been marked as being away")	\
	X(311, RPL_WHOISUSER, "")					\
	X(312, RPL_WHOISSERVER, "")					\
	X(313, RPL_WHOISOPERATOR, "is an IRC operator")			\
	X(314, RPL_WHOWASUSER, "")					\
	X(315, RPL_ENDOFWHO, "End of WHO list")				\
	X(317, RPL_WHOISIDLE, "seconds idle, signon time")		\
	X(318, RPL_ENDOFWHOIS, "End of /WHOIS list")			\
	X(319, RPL_WHOISCHANNELS, "")					\
	X(321, RPL_LISTSTART, "Users  Name")				\
	X(322, RPL_LIST, "")						\
	X(323, RPL_LISTEND, "End of /LIST")				\
	X(324, RPL_CHANNELMODEIS, "")					\
	X(329, RPL_CREATIONTIME, "")					\
	X(330, RPL_WHOISACCOUNT, "is logged in as")			\
	X(331, RPL_NOTOPIC, "No topic is set")				\
	X(332, RPL_TOPIC, "")						\
	X(333, RPL_TOPICWHOTIME, "")					\
	X(335, RPL_WHOISBOT, "is a bot")					\
	X(336, RPL_INVITELIST, "")					\
	X(337, RPL_ENDOFINVITELIST, "End of /INVITE list")		\
	X(341, RPL_INVITING, "")					\
	X(346, RPL_INVEXLIST, "")					\
	X(347, RPL_ENDOFINVEXLIST, "End of Channel Invite Exception List") \
	X(348, RPL_EXCEPTLIST, "")					\
	X(349, RPL_ENDOFEXCEPTLIST, "End of channel exception list")	\
	X(351, RPL_VERSION, "")						\
	X(352, RPL_WHOREPLY, "")					\
	X(353, RPL_NAMREPLY, "")					\
	X(354, RPL_WHOSPCRPL, "")					\
	X(364, RPL_LINKS, "")						\
	X(365, RPL_ENDOFLINKS, "End of /LINKS list")			\
	X(366, RPL_ENDOFNAMES, "End of /NAMES list")			\
	X(367, RPL_BANLIST, "")						\
	X(368, RPL_ENDOFBANLIST, "End of channel ban list")		\
	X(369, RPL_ENDOFWHOWAS, "End of WHOWAS")				\
	X(371, RPL_INFO, "")						\
	X(372, RPL_MOTD, "")						\
	X(374, RPL_ENDOFINFO, "End of INFO list")			\
	X(375, RPL_MOTDSTART, "")					\
	X(376, RPL_ENDOFMOTD, "End of /MOTD command")			\
	X(381, RPL_YOUREOPER, "You are now an IRC operator")		\
	X(382, RPL_REHASHING, "Rehashing")				\
	X(391, RPL_TIME, "")						\
	X(401, ERR_NOSUCHNICK, "No such nick/channel")			\
	X(402, ERR_NOSUCHSERVER, "No such server")			\
	X(403, ERR_NOSUCHCHANNEL, "No such channel")			\
	X(404, ERR_CANNOTSENDTOCHAN, "Cannot send to channel")		\
	X(405, ERR_TOOMANYCHANNELS, "You have joined too many channels") \
	X(406, ERR_WASNOSUCHNICK, "There was no such nickname")		\
	X(409, ERR_NOORIGIN, "No origin specified")			\
	X(411, ERR_NORECIPIENT, "No recipient given")			\
	X(412, ERR_NOTEXTTOSEND, "No text to send")			\
	X(417, ERR_INPUTTOOLONG, "Input line was too long")		\
	X(421, ERR_UNKNOWNCOMMAND, "Unknown command")			\
	X(422, ERR_NOMOTD, "MOTD File is missing")			\
	X(423, ERR_NOADMININFO, "No administrative info available")	\
	X(431, ERR_NONICKNAMEGIVEN, "No nickname given")		\
	X(432, ERR_ERRONEUSNICKNAME, "Erroneous nickname")		\
	X(433, ERR_NICKNAMEINUSE, "Nickname is already in use")		\
	X(441, ERR_USERNOTINCHANNEL, "They aren't on that channel")	\
	X(442, ERR_NOTONCHANNEL, "You're not on that channel")		\
	X(443, ERR_USERONCHANNEL, "is already on channel")		\
	X(451, ERR_NOTREGISTERED, "You have not registered")		\
	X(461, ERR_NEEDMOREPARAMS, "Not enough parameters")		\
	X(462, ERR_ALREADYREGISTERED, "You may not reregister")		\
	X(464, ERR_PASSWDMISMATCH, "Password incorrect")		\
	X(471, ERR_CHANNELISFULL, "Cannot join channel (+l)")		\
	X(472, ERR_UNKNOWNMODE, "is unknown mode char to me")		\
	X(473, ERR_INVITEONLYCHAN, "Cannot join channel (+i)")		\
	X(474, ERR_BANNEDFROMCHAN, "Cannot join channel (+b)")		\
	X(475, ERR_BADCHANNELKEY, "Cannot join channel (+k)")		\
	X(476, ERR_BADCHANMASK, "Bad Channel Mask")			\
	X(477, ERR_NEEDREGGEDNICK, "Cannot join channel (+R)")		\
	X(478, ERR_BANLISTFULL, "Channel list is full")			\
	X(479, ERR_BADCHANNAME, "Illegal channel name")			\
	X(481, ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator") \
	X(482, ERR_CHANOPRIVSNEEDED, "You're not channel operator")	\
	X(491, ERR_NOOPERHOST, "No O-lines for your host")		\
	X(501, ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag")		\
	X(502, ERR_USERSDONTMATCH, "Cant change mode for other users")	\
	X(524, ERR_HELPNOTFOUND, "No help available on this topic")	\
	X(525, ERR_INVALIDKEY, "Key is not well-formed")		\
	X(696, ERR_INVALIDMODEPARAM, "")				\
	X(704, RPL_HELPSTART, "")					\
	X(705, RPL_HELPTXT, "")						\
	X(706, RPL_ENDOFHELP, "")					\
	X(730, RPL_MONONLINE, "")					\
	X(731, RPL_MONOFFLINE, "")					\
	X(732, RPL_MONLIST, "")						\
	X(733, RPL_ENDOFMONLIST, "End of MONITOR list")			\
	X(734, ERR_MONLISTFULL, "Monitor list is full")			\
	X(900, RPL_LOGGEDIN, "")					\
	X(901, RPL_LOGGEDOUT, "You are now logged out")			\
	X(902, ERR_NICKLOCKED, "You must use a nick assigned to you")	\
	X(903, RPL_SASLSUCCESS, "SASL authentication successful")	\
	X(904, ERR_SASLFAIL, "SASL authentication failed")		\
	X(905, ERR_SASLTOOLONG, "SASL message too long")		\
	X(906, ERR_SASLABORTED, "SASL authentication aborted")		\
	X(907, ERR_SASLALREADY, "You have already authenticated using SASL") \
	X(908, RPL_SASLMECHS, "are available SASL mechanisms")

enum irc_numeric {
#define IRC_NUMERIC_ENUM(code, name, text) name = code,
	IRC_NUMERICS(IRC_NUMERIC_ENUM)
#undef IRC_NUMERIC_ENUM
};

/* The default text of a numeric, or "" when it has none. */
const char	*irc_numeric_text(int code);
/* The symbolic name ("ERR_NOSUCHNICK") or NULL when unknown. */
const char	*irc_numeric_name(int code);

#endif
